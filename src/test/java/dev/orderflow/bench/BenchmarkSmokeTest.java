package dev.orderflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.bench.BenchOptions.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The benchmark harness, run in the normal test suite with a handful of orders so that it cannot
 * rot: every scenario, one round, no warm-up, levels 0 and 5, short TTLs, writing into target/
 * (never docs/). It checks that the harness works end to end and reports what it must, not how fast
 * anything is.
 */
class BenchmarkSmokeTest {

  @Test
  void everyScenario_withAHandfulOfOrders_writesTheReportAndItsRatios() throws Exception {
    Path out = Path.of("target", "bench-smoke");
    Path docs = out.resolve("docs");
    BenchOptions options =
        BenchOptions.parse(
            new String[] {
              "--orders=5",
              "--in-flight=4",
              "--publish-in-flight=4",
              "--rounds=1",
              "--warmup=0",
              "--levels=0,5",
              // one TTL mode keeps it short; the short one, so the TTL properties are exercised
              "--ttl-modes=short",
              "--settle=PT0.5S",
              "--round-timeout=PT1M",
              "--out=" + out,
              "--docs=" + docs
            });

    BenchmarkResult result = new Benchmark(options).run();
    Path report = new ReportWriter(options).write(result);

    assertThat(result.scenarios()).allSatisfy(s -> assertThat(s.error()).as(s.key()).isNull());
    assertThat(result.scenarios()).extracting(ScenarioResult::scenario).contains(Scenario.values());
    // both sides of every ratio, at every level and in every mode
    assertThat(result.ratios("bridge"))
        .hasSize(1)
        .allSatisfy(r -> assertThat(r.value()).isPositive());
    assertThat(result.ratios("end-to-end"))
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.value()).isPositive());
    // exactly one outbound record per order, end to end
    List<ScenarioResult> e2e =
        result.scenarios().stream().filter(s -> s.scenario() == Scenario.E2E).toList();
    assertThat(e2e)
        .hasSize(2)
        .allSatisfy(
            s -> {
              assertThat(s.facts())
                  .containsEntry("outcomesPerOrderMin", 1)
                  .containsEntry("outcomesPerOrderMax", 1);
              assertThat(s.facts()).containsEntry("ordersWithoutExactlyOneOutcome", 0L);
              assertThat(s.summary().get(ScenarioResult.P99).median()).isPositive();
            });
    assertThat(result.find(Scenario.STARTUP, null, null, null).orElseThrow().median("readySeconds"))
        .isPositive();

    String markdown = Files.readString(report);
    assertThat(markdown.lines())
        .anySatisfy(l -> assertThat(l).matches("^Bridge ratio: \\d+\\.\\d+.*"))
        .anySatisfy(l -> assertThat(l).matches("^End-to-end ratio: \\d+\\.\\d+.*"));
    assertThat(markdown).contains("cores", "JDK", options.command());
    assertThat(out.resolve(ReportWriter.JSON)).isNotEmptyFile();
    Path assets = docs.resolve(ReportWriter.ASSETS);
    assertThat(assets.resolve(Charts.THROUGHPUT)).isNotEmptyFile();
    assertThat(assets.resolve(Charts.SCALE)).isNotEmptyFile();
    assertThat(assets.resolve(Charts.RATIOS)).isNotEmptyFile();
    assertThat(assets.resolve(Charts.LATENCY)).isNotEmptyFile();
    assertThat(report.toAbsolutePath().normalize()).startsWith(Path.of("target").toAbsolutePath());
  }
}
