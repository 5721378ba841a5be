package dev.orderflow.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.bench.BenchOptions.Scenario;
import dev.orderflow.testing.EmbeddedEngine.Store;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The harness's options that decide what a run tries, and how the report says what it did not. */
class BenchOptionsTest {

  @Test
  void inMemoryLevels_limitTheInMemoryStore_andTheReportSaysSo() {
    BenchOptions options =
        BenchOptions.parse(new String[] {"--levels=0,1000,2000", "--in-memory-levels=1000,0"});

    assertThat(options.inMemoryLevels()).containsExactly(0, 1000);
    assertThat(options.inMemoryLevelsLimited()).isTrue();
    assertThat(options.triesLevel(Store.IN_MEMORY, 1000)).isTrue();
    assertThat(options.triesLevel(Store.IN_MEMORY, 2000)).isFalse();
    assertThat(options.triesLevel(Store.ROCKSDB, 2000)).isTrue();
    assertThat(options.describe()).containsEntry("inMemoryLevels", List.of(0, 1000));

    ScenarioResult limited =
        new ScenarioResult(
            "e2e-in-memory/default/2000",
            Scenario.E2E,
            "in-memory",
            "default",
            2000,
            "orders/s",
            List.of(),
            Map.of(),
            Map.of(ScenarioResult.NOT_TRIED_LIMITED, List.of(0, 1000)),
            null);
    assertThat(limited.notReached()).isTrue();
    assertThat(ReportWriter.notReachedText(limited))
        .isEqualTo("not tried (limited to 0, 1000 waiting)");
  }

  @Test
  void inMemoryLevels_byDefault_areAllTheLevels() {
    BenchOptions options = BenchOptions.parse(new String[] {"--levels=0,500"});

    assertThat(options.inMemoryLevels()).containsExactly(0, 500);
    assertThat(options.inMemoryLevelsLimited()).isFalse();
  }

  @Test
  void inMemoryLevels_outsideTheLevels_areRefused() {
    assertThatThrownBy(
            () -> BenchOptions.parse(new String[] {"--levels=0,1000", "--in-memory-levels=500"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("in-memory-levels");
  }
}
