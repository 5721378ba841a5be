package dev.orderflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;

/**
 * The benchmark of issue #8, from the command line: {@code ./mvnw -Pbench test} (see the README),
 * or {@code java -cp <test class path> dev.orderflow.bench.BenchmarkMain --help}. Runs every
 * scenario, writes results.json, docs/benchmarks.md and the charts, and exits non-zero if a
 * scenario failed. Lives in src/test because the engine is test scope only.
 */
public final class BenchmarkMain {

  private BenchmarkMain() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    int status;
    try {
      status = run(options);
    } catch (Exception | Error e) {
      e.printStackTrace();
      status = 1;
    }
    System.exit(status); // the engine's and the clients' threads would keep the JVM alive
  }

  /** Runs and reports; 0 if every scenario succeeded, 1 otherwise. */
  public static int run(BenchOptions options) throws Exception {
    BenchmarkResult result;
    if (options.reportFrom() != null) {
      Progress.say("Writing the report again from %s", options.reportFrom());
      result = new ObjectMapper().readValue(options.reportFrom().toFile(), BenchmarkResult.class);
      options = options.recorded(result.run());
      result = Benchmark.withRatios(result, options);
    } else {
      result = new Benchmark(options).run();
    }
    Path report = new ReportWriter(options).write(result);
    Progress.say(
        "Report: %s; results: %s",
        report.toAbsolutePath(), options.out().resolve(ReportWriter.JSON).toAbsolutePath());
    result
        .ratios()
        .forEach(
            r ->
                Progress.say(
                    "  %s ratio, %s, TTLs %s%s: %s",
                    r.name(),
                    r.store(),
                    r.mode(),
                    r.level() == null ? "" : ", " + r.level() + " waiting",
                    ReportWriter.ratio(r.value())));
    return result.failed() ? 1 : 0;
  }
}
