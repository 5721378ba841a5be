package dev.orderflow.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** The rounds of the whole-order scenarios (engine only, end to end), and their figures. */
final class Rounds {

  private Rounds() {}

  static Map<String, Double> of(ClosedLoop.Round round) {
    Stats.Percentiles p = Stats.percentiles(round.latenciesMs());
    Map<String, Double> values = new LinkedHashMap<>();
    values.put(ScenarioResult.RATE, round.rate());
    values.put(ScenarioResult.SECONDS, round.seconds());
    values.put(ScenarioResult.P50, p.p50());
    values.put(ScenarioResult.P95, p.p95());
    values.put(ScenarioResult.P99, p.p99());
    values.put(ScenarioResult.MAX, p.max());
    return values;
  }

  /** Percentiles of the latencies pooled over every measured round, as a fact. */
  static final String POOLED = "latencyPooled";

  /**
   * The smallest sample whose percentile {@code p} (nearest rank) is not simply its maximum: 20
   * orders for p95, 100 for p99. With fewer, the report leaves that percentile out.
   */
  static int samplesFor(double p) {
    return (int) Math.ceil(100.0 / (100.0 - p) - 1e-9);
  }

  /** The measured orders' latencies together: count and percentiles, for the report. */
  static Map<String, Object> pooled(List<Double> latencies) {
    double[] all = latencies.stream().mapToDouble(Double::doubleValue).toArray();
    Stats.Percentiles p = Stats.percentiles(all);
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("n", all.length);
    values.put(ScenarioResult.P50, p.p50());
    values.put(ScenarioResult.P95, p.p95());
    values.put(ScenarioResult.P99, p.p99());
    values.put(ScenarioResult.MAX, p.max());
    return values;
  }

  /** Records how long the waiting orders took to set up, and the heap after it. */
  static void setUpDone(ScenarioResult.Builder result, String label, int level, long setupNanos) {
    result.fact("setupSeconds", setupNanos / 1e9);
    result.fact("heapAfterSetupMb", BenchEnvironment.heapUsedMb());
    if (level > 0) {
      Progress.say("  %s: %d orders waiting, set up in %.1f s", label, level, setupNanos / 1e9);
    }
  }

  /** Orders in the warm-up round: in proportion where a store runs fewer orders a round. */
  static int warmupOrders(BenchOptions options, int orders) {
    return (int) ((long) options.warmup() * orders / options.orders());
  }

  /**
   * The warm-up round (discarded) and the measured rounds: fresh order ids per round, each round
   * reported on the console and, unless it is the warm-up, recorded.
   *
   * @param orders orders per measured round
   * @param start starts one order (see {@link ClosedLoop#run})
   * @return the ids of the measured orders
   */
  static List<String> runOrders(
      ClosedLoop loop,
      BenchOptions options,
      int orders,
      ScenarioResult.Builder result,
      String label,
      String idPrefix,
      Consumer<String> start)
      throws TimeoutException, InterruptedException {
    List<String> measured = new ArrayList<>();
    List<Double> latencies = new ArrayList<>();
    for (int round = 0; round <= options.rounds(); round++) {
      boolean warmup = round == 0;
      // the warm-up in proportion where a store runs fewer orders a round (--in-memory-orders)
      int count = warmup ? warmupOrders(options, orders) : orders;
      if (count == 0) {
        continue;
      }
      List<String> ids = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        ids.add(idPrefix + "-" + round + "-" + i);
      }
      ClosedLoop.Round r = loop.run(ids, start, options.roundTimeout());
      Progress.say(
          "  %s %s: %d orders in %.2f s (%.1f/s)",
          label, warmup ? "warm-up" : "round " + round, count, r.seconds(), r.rate());
      if (!warmup) {
        result.round(of(r));
        measured.addAll(ids);
        for (double latency : r.latenciesMs()) {
          latencies.add(latency);
        }
      }
    }
    result.fact(POOLED, pooled(latencies));
    return measured;
  }
}
