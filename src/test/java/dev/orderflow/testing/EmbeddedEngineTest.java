package dev.orderflow.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.CamundaClient;
import org.junit.jupiter.api.Test;

/** The fixture keeps to one engine at a time, and says why when a test breaks that rule. */
class EmbeddedEngineTest {

  @Test
  void aSecondEngine_isRefusedWhileTheFirstRuns_andStartsOnceItIsClosed() {
    try (EmbeddedEngine first = EmbeddedEngine.start()) {
      assertThatThrownBy(EmbeddedEngine::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("another in-memory engine is still running")
          .hasMessageContaining(first.grpcAddress().toString());
    }
    try (EmbeddedEngine second = EmbeddedEngine.start();
        CamundaClient client = second.newClient()) {
      assertThat(client.newTopologyRequest().send().join().getBrokers()).isNotEmpty();
    }
  }
}
