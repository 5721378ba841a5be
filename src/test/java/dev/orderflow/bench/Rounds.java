package dev.orderflow.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** A closed-loop round as the figures that go into the report. */
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
}
