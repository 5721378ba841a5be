package dev.orderflow.testing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bridge's {@code orderflow.inbound.records} counters at one moment, to tell how much they grew
 * since: test classes with the same configuration share a context and its meters.
 */
public final class InboundCounters {

  private final MeterRegistry metrics;
  private final Map<List<String>, Double> start;

  private InboundCounters(MeterRegistry metrics) {
    this.metrics = metrics;
    this.start = read(metrics);
  }

  public static InboundCounters snapshot(MeterRegistry metrics) {
    return new InboundCounters(metrics);
  }

  /** Growth since the snapshot, for one route or all (null), and one outcome. */
  public long grownBy(String route, String outcome) {
    double grown = 0;
    for (Map.Entry<List<String>, Double> now : read(metrics).entrySet()) {
      boolean routeMatches = route == null || route.equals(now.getKey().get(0));
      if (routeMatches && outcome.equals(now.getKey().get(1))) {
        grown += now.getValue() - start.getOrDefault(now.getKey(), 0.0);
      }
    }
    return Math.round(grown);
  }

  private static Map<List<String>, Double> read(MeterRegistry metrics) {
    Map<List<String>, Double> counts = new HashMap<>();
    for (Counter counter : metrics.find("orderflow.inbound.records").counters()) {
      counts.merge(
          List.of(counter.getId().getTag("route"), counter.getId().getTag("outcome")),
          counter.count(),
          Double::sum);
    }
    return counts;
  }
}
