package dev.orderflow.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orderflow.bench.BenchOptions.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What one scenario measured, in one TTL mode and at one level of waiting orders: the figures of
 * every measured round, their medians and spreads, and the facts about its set-up. The warm-up
 * round is not in it.
 *
 * @param key unique in a run, e.g. {@code e2e/default/500}
 * @param scenario which scenario of the issue
 * @param variant a sub-measurement (Kafka: {@code produce} or {@code consume}), or the engine's
 *     state store ({@code rocksdb}, {@code in-memory}) for the scenarios that run on an engine
 * @param mode the TTL mode's name, or null where TTLs play no part
 * @param level orders waiting for their payment during the measurement, or null
 * @param unit the unit of {@code rate}
 * @param rounds per measured round: metric name to value
 * @param summary per metric: median and spread over the measured rounds
 * @param facts set-up time, heap, outbound records per order and the like
 * @param error why the scenario failed, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScenarioResult(
    String key,
    Scenario scenario,
    String variant,
    String mode,
    Integer level,
    String unit,
    List<Map<String, Double>> rounds,
    Map<String, Stats.Summary> summary,
    Map<String, Object> facts,
    String error) {

  public static final String RATE = "rate";
  public static final String SECONDS = "seconds";
  public static final String P50 = "p50Ms";
  public static final String P95 = "p95Ms";
  public static final String P99 = "p99Ms";
  public static final String MAX = "maxMs";

  /** The median of a metric over the measured rounds, or NaN. */
  public double median(String metric) {
    Stats.Summary s = summary.get(metric);
    return s == null ? Double.NaN : s.median();
  }

  public boolean failed() {
    return error != null;
  }

  /** Set when the level could not be reached in the time allowed: that time (ISO-8601). */
  public static final String NOT_REACHED = "notReachedWithin";

  /** Set on a level not tried because this lower level (or the same, other scenario) was not. */
  public static final String NOT_TRIED_AFTER = "notTriedAfter";

  /**
   * Set on a level not tried because the store is limited to these levels ({@code
   * --in-memory-levels}).
   */
  public static final String NOT_TRIED_LIMITED = "notTriedLimitedTo";

  /**
   * True if nothing was measured at the scenario's level: it was not reached in the time allowed,
   * or not tried (after a lower level was not reached, or outside the store's levels).
   */
  public boolean notReached() {
    return facts != null
        && (facts.containsKey(NOT_REACHED) || facts.containsKey(NOT_TRIED_LIMITED));
  }

  /** Collects a scenario's rounds and facts, then summarizes them. */
  static final class Builder {
    private final String key;
    private final Scenario scenario;
    private final String variant;
    private final String mode;
    private final Integer level;
    private final String unit;
    private final List<Map<String, Double>> rounds = new ArrayList<>();
    private final Map<String, Object> facts = new LinkedHashMap<>();
    private String error;

    Builder(Scenario scenario, String variant, String mode, Integer level, String unit) {
      this.scenario = scenario;
      this.variant = variant;
      this.mode = mode;
      this.level = level;
      this.unit = unit;
      StringBuilder k = new StringBuilder(scenario.name().toLowerCase());
      if (variant != null) {
        k.append('-').append(variant);
      }
      if (mode != null) {
        k.append('/').append(mode);
      }
      if (level != null) {
        k.append('/').append(level);
      }
      this.key = k.toString();
    }

    String key() {
      return key;
    }

    Builder round(Map<String, Double> values) {
      rounds.add(new LinkedHashMap<>(values));
      return this;
    }

    Builder fact(String name, Object value) {
      facts.put(name, value);
      return this;
    }

    /** The level was not reached in its time budget: not a failure, but nothing measured. */
    Builder notReached(WaitingOrders.NotReached e) {
      Progress.say("  %s: %s", key, e.getMessage());
      facts.put(NOT_REACHED, e.budget.toString());
      facts.put("waitingReached", e.reached);
      return this;
    }

    Builder error(String message) {
      Progress.say("  failed: %s", message);
      this.error = message;
      return this;
    }

    int roundCount() {
      return rounds.size();
    }

    ScenarioResult build() {
      Map<String, Stats.Summary> summary = new LinkedHashMap<>();
      TreeSet<String> metrics = new TreeSet<>();
      rounds.forEach(r -> metrics.addAll(r.keySet()));
      List<String> ordered = new ArrayList<>();
      // the usual metrics first, in a fixed order; then the rest alphabetically
      for (String m : List.of(RATE, SECONDS, P50, P95, P99, MAX)) {
        if (metrics.remove(m)) {
          ordered.add(m);
        }
      }
      ordered.addAll(metrics);
      for (String metric : ordered) {
        summary.put(
            metric,
            Stats.summarize(
                rounds.stream()
                    .map(r -> r.get(metric))
                    .filter(v -> v != null && !v.isNaN())
                    .toList()));
      }
      return new ScenarioResult(
          key, scenario, variant, mode, level, unit, List.copyOf(rounds), summary, facts, error);
    }
  }
}
