package dev.orderflow.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.util.backoff.BackOffExecution;

/**
 * The bridge's wait between attempts at a record the engine refused: capped exponential, and never
 * over, however long the engine is down. (The backoff counts the time it has handed out, not the
 * wall clock, so a year of outage is stepped through here in milliseconds.)
 */
class InboundBackOffTest {

  /** As in application.yaml. */
  static final InboundProperties.Retry RETRY =
      new InboundProperties.Retry(Duration.ofSeconds(1), 2, Duration.ofSeconds(30));

  @Test
  void engineDownForAYear_theRecordIsStillRetried_everyThirtySeconds() {
    BackOffExecution execution = KafkaConfig.inboundBackOff(RETRY).start();
    long waited = 0;
    long attempts = 0;
    while (waited < Duration.ofDays(366).toMillis()) {
      long next = execution.nextBackOff();
      assertThat(next)
          .as("wait before attempt %d, after %s of outage", attempts + 2, Duration.ofMillis(waited))
          .isNotEqualTo(BackOffExecution.STOP)
          .isBetween(1L, Duration.ofSeconds(30).toMillis());
      waited += next;
      attempts++;
    }
    assertThat(attempts).isGreaterThan(1_000_000);
    assertThat(execution.nextBackOff()).isEqualTo(Duration.ofSeconds(30).toMillis());
  }

  @Test
  void backOff_growsFromTheInitialIntervalByTheMultiplier_cappedAtTheMaximum() {
    BackOffExecution execution = KafkaConfig.inboundBackOff(RETRY).start();

    assertThat(execution.nextBackOff()).isEqualTo(1_000);
    assertThat(execution.nextBackOff()).isEqualTo(2_000);
    assertThat(execution.nextBackOff()).isEqualTo(4_000);
    assertThat(execution.nextBackOff()).isEqualTo(8_000);
    assertThat(execution.nextBackOff()).isEqualTo(16_000);
    assertThat(execution.nextBackOff()).isEqualTo(30_000);
    assertThat(execution.nextBackOff()).isEqualTo(30_000);
  }
}
