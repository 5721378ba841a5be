package dev.orderflow.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import dev.orderflow.bench.BenchOptions.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The benchmark harness, run in the normal test suite with a handful of orders so that it cannot
 * rot: every scenario, one round, no warm-up, levels 0 and 5 on both stores, short TTLs, writing
 * into target/ (never docs/). The in-memory store gets no time to reach 5 waiting orders, so the
 * report's "not reached" path runs too. It checks that the harness works end to end and reports
 * what it must, not how fast anything is.
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
              "--messages=600",
              "--rounds=1",
              "--warmup=0",
              "--jvm-warmup=0",
              "--levels=0,5",
              "--stores=rocksdb,in-memory",
              "--in-memory-budget=PT0.001S",
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
    // the in-memory store did not reach 5 waiting in its budget: reported, not measured
    assertThat(result.find(Scenario.ENGINE, "in-memory", "short", 5).orElseThrow().notReached())
        .isTrue();
    assertThat(result.find(Scenario.E2E, "in-memory", "short", 5).orElseThrow().notReached())
        .isTrue();
    assertThat(result.scenarios()).extracting(ScenarioResult::scenario).contains(Scenario.values());
    // both sides of every ratio, at every level and in every mode
    assertThat(result.ratios("bridge"))
        .hasSize(1)
        .allSatisfy(r -> assertThat(r.value()).isPositive());
    assertThat(result.ratios("end-to-end"))
        .filteredOn(r -> r.store().equals("rocksdb"))
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.value()).isPositive());
    assertThat(result.ratios("store-speed-up"))
        .singleElement()
        .extracting(r -> r.level())
        .isEqualTo(0);
    assertThat(result.ratios("scale"))
        .singleElement()
        .satisfies(r -> assertThat(r.value()).isPositive());
    // exactly one outbound record per order, end to end, where measured
    List<ScenarioResult> e2e =
        result.scenarios().stream()
            .filter(s -> s.scenario() == Scenario.E2E && !s.notReached())
            .toList();
    assertThat(e2e)
        .hasSize(3)
        .allSatisfy(
            s -> {
              assertThat(s.facts())
                  .containsEntry("outcomesPerOrderMin", 1)
                  .containsEntry("outcomesPerOrderMax", 1);
              assertThat(s.facts()).containsEntry("ordersWithoutExactlyOneOutcome", 0L);
              assertThat(s.facts().get(Rounds.POOLED)).asInstanceOf(MAP).containsEntry("n", 5);
            });
    // the engine's work per order, counted on both sides of the end-to-end ratio at 0 waiting
    assertThat(result.scenarios())
        .filteredOn(
            s ->
                (s.scenario() == Scenario.ENGINE || s.scenario() == Scenario.E2E) && s.level() == 0)
        .hasSize(4)
        .allSatisfy(
            s ->
                assertThat(s.facts().get(EngineWork.FACT))
                    .asInstanceOf(MAP)
                    .containsEntry("orders", 5L)
                    .containsEntry("job io.camunda:connector-kafka:1", 1.0)
                    .containsEntry("message published OrderOutcome", 1.0));
    assertThat(result.find(Scenario.STARTUP, null, null, null).orElseThrow().median("readySeconds"))
        .isPositive();

    String markdown = Files.readString(report);
    assertThat(markdown.lines())
        .anySatisfy(l -> assertThat(l).matches("^Store speed-up: \\d+\\.\\d+ \\(target ≥ 20, .*"))
        .anySatisfy(l -> assertThat(l).matches("^Scale ratio: \\d+\\.\\d+ \\(target ≥ 0.8, .*"))
        .anySatisfy(l -> assertThat(l).matches("^Bridge ratio: \\d+\\.\\d+ \\(target ≥ 0.9, .*"))
        .anySatisfy(l -> assertThat(l).matches("^End-to-end ratio: \\d+\\.\\d+.*"));
    assertThat(markdown).contains("cores", "JDK", options.command(), "not reached in 0.00 s");
    assertThat(out.resolve(ReportWriter.JSON)).isNotEmptyFile();
    Path assets = docs.resolve(ReportWriter.ASSETS);
    assertThat(assets.resolve(Charts.THROUGHPUT)).isNotEmptyFile();
    assertThat(assets.resolve(Charts.SCALE)).isNotEmptyFile();
    assertThat(assets.resolve(Charts.RATIOS)).isNotEmptyFile();
    assertThat(assets.resolve(Charts.LATENCY)).isNotEmptyFile();
    assertThat(report.toAbsolutePath().normalize()).startsWith(Path.of("target").toAbsolutePath());
  }
}
