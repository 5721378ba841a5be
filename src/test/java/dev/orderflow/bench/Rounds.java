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

  /** Records how long the waiting orders took to set up, and the heap after it. */
  static void setUpDone(ScenarioResult.Builder result, String label, int level, long setupNanos) {
    result.fact("setupSeconds", setupNanos / 1e9);
    result.fact("heapAfterSetupMb", BenchEnvironment.heapUsedMb());
    if (level > 0) {
      Progress.say("  %s: %d orders waiting, set up in %.1f s", label, level, setupNanos / 1e9);
    }
  }

  /**
   * The warm-up round (discarded) and the measured rounds: fresh order ids per round, each round
   * reported on the console and, unless it is the warm-up, recorded.
   *
   * @param start starts one order (see {@link ClosedLoop#run})
   * @return the ids of the measured orders
   */
  static List<String> runOrders(
      ClosedLoop loop,
      BenchOptions options,
      ScenarioResult.Builder result,
      String label,
      String idPrefix,
      Consumer<String> start)
      throws TimeoutException, InterruptedException {
    List<String> measured = new ArrayList<>();
    for (int round = 0; round <= options.rounds(); round++) {
      boolean warmup = round == 0;
      int orders = warmup ? options.warmup() : options.orders();
      if (orders == 0) {
        continue;
      }
      List<String> ids = new ArrayList<>(orders);
      for (int i = 0; i < orders; i++) {
        ids.add(idPrefix + "-" + round + "-" + i);
      }
      ClosedLoop.Round r = loop.run(ids, start, options.roundTimeout());
      Progress.say(
          "  %s %s: %d orders in %.2f s (%.1f/s)",
          label, warmup ? "warm-up" : "round " + round, orders, r.seconds(), r.rate());
      if (!warmup) {
        result.round(of(r));
        measured.addAll(ids);
      }
    }
    return measured;
  }
}
