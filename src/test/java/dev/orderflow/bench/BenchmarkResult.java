package dev.orderflow.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orderflow.bench.BenchOptions.Scenario;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one run measured: how and where it ran, every scenario's figures, and the ratios
 * derived from them. This is what results.json holds and what the report is written from.
 *
 * @param run when, how long, the command, the options
 * @param machine cores, memory, CPU, operating system, JDK and JVM options
 * @param scenarios every scenario in the order it ran
 * @param ratios the bridge and end-to-end ratios, per TTL mode (and level)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BenchmarkResult(
    Map<String, Object> run,
    Map<String, Object> machine,
    List<ScenarioResult> scenarios,
    List<Ratio> ratios) {

  /**
   * A ratio of two medians measured in the same run, at the same scale, with the same TTLs.
   *
   * @param name {@code bridge} ((3)/(2): bridge rate over raw publish rate), {@code end-to-end}
   *     ((4)/(2): end-to-end over engine-only orders per second), {@code store-speed-up} (end to
   *     end on the primary store over the other store, same level) or {@code scale} (end to end on
   *     the primary store at {@code level} over the lowest level)
   * @param store the store both sides ran on (for the speed-up: the numerator's)
   * @param mode TTL mode
   * @param level waiting orders (end-to-end only)
   * @param value the numerator's median over the denominator's
   * @param low the lowest ratio of two rounds at the same position (the n-th round of each side
   *     runs on an engine that has seen the same orders); without paired rounds, the numerator's
   *     lowest over the denominator's highest
   * @param high the highest such ratio
   * @param numerator key of the scenario above the line
   * @param denominator key of the scenario below the line
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Ratio(
      String name,
      String store,
      String mode,
      Integer level,
      double value,
      double low,
      double high,
      String numerator,
      String denominator) {}

  public Optional<ScenarioResult> find(
      Scenario scenario, String variant, String mode, Integer level) {
    return scenarios.stream()
        .filter(s -> s.scenario() == scenario)
        .filter(s -> java.util.Objects.equals(s.variant(), variant))
        .filter(s -> java.util.Objects.equals(s.mode(), mode))
        .filter(s -> java.util.Objects.equals(s.level(), level))
        .findFirst();
  }

  public List<Ratio> ratios(String name) {
    return ratios.stream().filter(r -> r.name().equals(name)).toList();
  }

  /** True if any scenario failed. */
  public boolean failed() {
    return scenarios.stream().anyMatch(ScenarioResult::failed);
  }

  static Ratio ratio(
      String name,
      String store,
      String mode,
      Integer level,
      ScenarioResult numerator,
      ScenarioResult denominator) {
    Stats.Summary top = numerator.summary().get(ScenarioResult.RATE);
    Stats.Summary bottom = denominator.summary().get(ScenarioResult.RATE);
    if (top == null || bottom == null || numerator.failed() || denominator.failed()) {
      return new Ratio(
          name,
          store,
          mode,
          level,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          numerator.key(),
          denominator.key());
    }
    double low = top.min() / bottom.max();
    double high = top.max() / bottom.min();
    List<Map<String, Double>> above = numerator.rounds();
    List<Map<String, Double>> below = denominator.rounds();
    if (above.size() == below.size() && !above.isEmpty()) {
      double[] paired = new double[above.size()];
      for (int i = 0; i < paired.length; i++) {
        paired[i] = above.get(i).get(ScenarioResult.RATE) / below.get(i).get(ScenarioResult.RATE);
      }
      low = java.util.Arrays.stream(paired).min().orElse(low);
      high = java.util.Arrays.stream(paired).max().orElse(high);
    }
    return new Ratio(
        name,
        store,
        mode,
        level,
        top.median() / bottom.median(),
        low,
        high,
        numerator.key(),
        denominator.key());
  }
}
