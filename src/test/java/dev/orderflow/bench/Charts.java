package dev.orderflow.bench;

import dev.orderflow.bench.BenchOptions.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's charts, drawn with XChart into PNG files. Medians of the measured rounds. */
final class Charts {

  static final String THROUGHPUT = "throughput.png";
  static final String SCALE = "scale.png";
  static final String RATIOS = "ratios.png";
  static final String LATENCY = "latency.png";

  private static final int WIDTH = 900;
  private static final int HEIGHT = 500;

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Charts() {}

  /** Draws every chart the results have data for; returns the file names written. */
  static List<String> draw(BenchmarkResult result, BenchOptions options, Path dir)
      throws IOException {
    List<TtlMode> modes = options.modes();
    List<Integer> levels = options.levels();
    String primary = BenchOptions.storeName(options.primaryStore());
    List<String> stores = options.stores().stream().map(BenchOptions::storeName).toList();
    Files.createDirectories(dir);
    List<String> written = new ArrayList<>();
    throughput(result, primary, modes, levels).ifPresent(c -> save(c, dir, THROUGHPUT, written));
    scale(result, stores, modes, levels).ifPresent(c -> save(c, dir, SCALE, written));
    ratios(result, stores, modes, levels).ifPresent(c -> save(c, dir, RATIOS, written));
    latency(result, primary, modes, levels).ifPresent(c -> save(c, dir, LATENCY, written));
    return written;
  }

  /** Throughput per scenario (level 0 where levels apply), one series per TTL mode, log scale. */
  private static Optional<CategoryChart> throughput(
      BenchmarkResult result, String primary, List<TtlMode> modes, List<Integer> levels) {
    int base = levels.getFirst();
    Map<String, Map<String, Double>> series = new LinkedHashMap<>();
    for (TtlMode mode : modes) {
      Map<String, Double> values = new LinkedHashMap<>();
      put(values, "Kafka produce", result.find(Scenario.KAFKA, "produce", null, null));
      put(values, "Kafka consume", result.find(Scenario.KAFKA, "consume", null, null));
      put(values, "raw publish", result.find(Scenario.PUBLISH, primary, mode.name(), null));
      put(values, "bridge", result.find(Scenario.BRIDGE, primary, mode.name(), null));
      put(
          values,
          "engine only (" + base + " waiting)",
          result.find(Scenario.ENGINE, primary, mode.name(), base));
      put(
          values,
          "end to end (" + base + " waiting)",
          result.find(Scenario.E2E, primary, mode.name(), base));
      if (!values.isEmpty()) {
        series.put("TTLs " + mode.name() + ", " + primary + " store", values);
      }
    }
    if (series.isEmpty()) {
      return Optional.empty();
    }
    // every series needs every category: XChart draws the bars by position
    List<String> categories =
        series.values().stream().flatMap(m -> m.keySet().stream()).distinct().toList();
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH + 200)
            .height(HEIGHT)
            .title("Throughput per scenario (median of the measured rounds; log scale)")
            .xAxisTitle("scenario")
            .yAxisTitle("per second (records, messages or orders)")
            .build();
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(LegendPosition.InsideNE);
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setDecimalPattern("#,##0");
    chart.getStyler().setXAxisLabelRotation(20);
    double min =
        series.values().stream()
            .flatMap(m -> m.values().stream())
            .mapToDouble(Double::doubleValue)
            .min()
            .orElse(1);
    double floor = logFloor(min);
    // bars need an axis minimum above 0 on a log scale; a missing value sits on the floor
    chart.getStyler().setYAxisMin(floor);
    series.forEach(
        (name, values) ->
            chart.addSeries(
                name,
                categories,
                categories.stream().map(c -> values.getOrDefault(c, floor)).toList()));
    return Optional.of(chart);
  }

  /** Orders per second against orders waiting, engine only and end to end, per TTL mode. */
  private static Optional<XYChart> scale(
      BenchmarkResult result, List<String> stores, List<TtlMode> modes, List<Integer> levels) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title("Orders per second against orders already waiting for payment (log scale)")
            .xAxisTitle("orders waiting (timers pending)")
            .yAxisTitle("orders/s (median)")
            .build();
    chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
    chart.getStyler().setYAxisMin(0.0);
    boolean any = false;
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setYAxisMin(0.1);
    for (String store : stores)
      for (TtlMode mode : modes) {
        for (Scenario scenario : List.of(Scenario.ENGINE, Scenario.E2E)) {
          List<Double> x = new ArrayList<>();
          List<Double> y = new ArrayList<>();
          for (int level : levels) {
            result
                .find(scenario, store, mode.name(), level)
                .map(s -> s.median(ScenarioResult.RATE))
                .filter(v -> !v.isNaN())
                .ifPresent(
                    v -> {
                      x.add((double) level);
                      y.add(v);
                    });
          }
          if (!x.isEmpty()) {
            String name =
                (scenario == Scenario.ENGINE ? "engine only" : "end to end")
                    + ", "
                    + store
                    + ", TTLs "
                    + mode.name();
            chart.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE);
            any = true;
          }
        }
      }
    return any ? Optional.of(chart) : Optional.empty();
  }

  /** The end-to-end ratio against orders waiting, per TTL mode, with the bridge ratio's level. */
  private static Optional<XYChart> ratios(
      BenchmarkResult result, List<String> stores, List<TtlMode> modes, List<Integer> levels) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title("End-to-end ratio (end to end / engine only) against orders waiting")
            .xAxisTitle("orders waiting (timers pending)")
            .yAxisTitle("ratio")
            .build();
    chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
    chart.getStyler().setYAxisMin(0.0);
    boolean any = false;
    for (String store : stores)
      for (TtlMode mode : modes) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (BenchmarkResult.Ratio r : result.ratios("end-to-end")) {
          if (r.mode().equals(mode.name()) && r.store().equals(store) && !Double.isNaN(r.value())) {
            x.add((double) r.level());
            y.add(r.value());
          }
        }
        if (!x.isEmpty()) {
          chart.addSeries(store + ", TTLs " + mode.name(), x, y).setMarker(SeriesMarkers.CIRCLE);
          any = true;
        }
      }
    if (any) {
      double lo = levels.getFirst();
      double hi = Math.max(lo + 1, levels.getLast());
      chart
          .addSeries("target 0.8", List.of(lo, hi), List.of(0.8, 0.8))
          .setMarker(SeriesMarkers.NONE);
    }
    return any ? Optional.of(chart) : Optional.empty();
  }

  /** End-to-end latency percentiles (and the engine-only ones), per TTL mode, at each level. */
  private static Optional<CategoryChart> latency(
      BenchmarkResult result, String primary, List<TtlMode> modes, List<Integer> levels) {
    List<String> categories = List.of("p50", "p95", "p99", "max");
    List<String> metrics =
        List.of(ScenarioResult.P50, ScenarioResult.P95, ScenarioResult.P99, ScenarioResult.MAX);
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH + 200)
            .height(HEIGHT)
            .title("Latency per order (median over the measured rounds)")
            .xAxisTitle("percentile")
            .yAxisTitle("milliseconds")
            .build();
    chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
    chart.getStyler().setDecimalPattern("#,##0");
    chart.getStyler().setYAxisMin(0.0);
    boolean any = false;
    for (TtlMode mode : modes) {
      for (Scenario scenario : List.of(Scenario.E2E, Scenario.ENGINE)) {
        // engine only at the base level, for reference; end to end at every level
        for (int level : scenario == Scenario.E2E ? levels : levels.subList(0, 1)) {
          Optional<ScenarioResult> s =
              result.find(scenario, primary, mode.name(), level).filter(r -> !r.failed());
          if (s.isEmpty() || s.get().summary().get(ScenarioResult.P50) == null) {
            continue;
          }
          List<Double> values =
              metrics.stream().map(m -> s.get().median(m)).map(v -> v.isNaN() ? 0.0 : v).toList();
          String name =
              (scenario == Scenario.E2E ? "e2e" : "engine")
                  + ", "
                  + mode.name()
                  + ", "
                  + level
                  + " waiting";
          chart.addSeries(name, categories, values);
          any = true;
        }
      }
    }
    return any ? Optional.of(chart) : Optional.empty();
  }

  /** The power of ten at or below the value (at least 0.01): a log axis's floor. */
  static double logFloor(double value) {
    return Math.pow(10, Math.floor(Math.log10(Math.max(0.01, value))));
  }

  private static void put(
      Map<String, Double> values, String category, Optional<ScenarioResult> scenario) {
    scenario
        .filter(s -> !s.failed())
        .map(s -> s.median(ScenarioResult.RATE))
        .filter(v -> !v.isNaN())
        .ifPresent(v -> values.put(category, v));
  }

  private static void save(
      org.knowm.xchart.internal.chartpart.Chart<?, ?> chart,
      Path dir,
      String name,
      List<String> written) {
    try {
      BitmapEncoder.saveBitmap(chart, dir.resolve(name).toString(), BitmapFormat.PNG);
      written.add(name);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("could not write " + dir.resolve(name), e);
    }
  }
}
