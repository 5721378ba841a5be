package dev.orderflow.bench;

import java.util.Arrays;
import java.util.List;

/** Median, spread and percentiles, computed the same way everywhere in the report. */
public final class Stats {

  private Stats() {}

  /**
   * A value measured in several rounds: its median and its spread (min, max, and the range as a
   * fraction of the median).
   */
  public record Summary(double median, double min, double max, int n) {

    /** (max - min) / median; 0 for one round. */
    public double relativeSpread() {
      return median == 0 ? 0 : (max - min) / median;
    }
  }

  /** Latency percentiles of one round, in milliseconds. */
  public record Percentiles(double p50, double p95, double p99, double max, int n) {}

  public static Summary summarize(List<Double> values) {
    if (values.isEmpty()) {
      return new Summary(Double.NaN, Double.NaN, Double.NaN, 0);
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return new Summary(median(sorted), sorted[0], sorted[sorted.length - 1], sorted.length);
  }

  public static double median(double[] sorted) {
    int n = sorted.length;
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * The nearest-rank percentile: the smallest value such that at least {@code p} percent of the
   * values are at or below it.
   */
  public static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  public static Percentiles percentiles(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return new Percentiles(
        percentile(sorted, 50),
        percentile(sorted, 95),
        percentile(sorted, 99),
        sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1],
        sorted.length);
  }

  /** Per-second rate of {@code count} events in {@code nanos}. */
  public static double rate(long count, long nanos) {
    return nanos <= 0 ? Double.NaN : count / (nanos / 1e9);
  }
}
