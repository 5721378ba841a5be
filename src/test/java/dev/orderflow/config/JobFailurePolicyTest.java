package dev.orderflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.camunda.client.api.response.ActivatedJob;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

class JobFailurePolicyTest {

  /** The defaults, as in application.yaml. */
  private final OrderflowProperties.Jobs jobs =
      new OrderflowProperties.Jobs(4, Duration.ofSeconds(1), 5, Duration.ofSeconds(30));

  @Test
  void backoff_growsFromOneSecondByFivePerFailure() {
    assertThat(jobs.backoffAfter(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(jobs.backoffAfter(2)).isEqualTo(Duration.ofSeconds(5));
    assertThat(jobs.backoffAfter(3)).isEqualTo(Duration.ofSeconds(25));
  }

  @Test
  void backoff_isCappedAtThirtySeconds() {
    assertThat(jobs.backoffAfter(4)).isEqualTo(Duration.ofSeconds(30));
    assertThat(jobs.backoffAfter(100)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void backoff_beforeAnyFailure_isTheInitialBackoff() {
    assertThat(jobs.backoffAfter(0)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void backoff_withSubSecondSettings_keepsMilliseconds() {
    OrderflowProperties.Jobs fast =
        new OrderflowProperties.Jobs(4, Duration.ofMillis(100), 5, Duration.ofMillis(500));

    assertThat(fast.backoffAfter(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(fast.backoffAfter(2)).isEqualTo(Duration.ofMillis(500));
    assertThat(fast.backoffAfter(3)).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void describe_namesJobTypeOrderAndRootCause() {
    ActivatedJob job = job("reserve-inventory", Map.of("orderId", "order-42"));
    Exception failure =
        new DataAccessResourceFailureException(
            "could not get a connection",
            new IllegalStateException(
                "pool exhausted", new SQLTransientConnectionException("connection refused")));

    String description = JobFailurePolicy.describe(job, failure);

    assertThat(description)
        .startsWith("reserve-inventory failed for order order-42: ")
        .contains("could not get a connection")
        .contains("cause: java.sql.SQLTransientConnectionException: connection refused")
        .doesNotContain("pool exhausted");
  }

  @Test
  void describe_withoutCause_namesTheException() {
    ActivatedJob job = job("publish-order-confirmed", Map.of("orderId", "order-42"));

    String description =
        JobFailurePolicy.describe(job, new IllegalStateException("broker did not acknowledge"));

    assertThat(description)
        .isEqualTo(
            "publish-order-confirmed failed for order order-42:"
                + " java.lang.IllegalStateException: broker did not acknowledge");
  }

  @Test
  void describe_withoutOrderId_stillNamesJobAndCause() {
    ActivatedJob job = job("release-inventory", Map.of());

    String description = JobFailurePolicy.describe(job, new IllegalStateException("boom"));

    assertThat(description)
        .startsWith("release-inventory failed for order ")
        .endsWith("java.lang.IllegalStateException: boom");
  }

  private static ActivatedJob job(String type, Map<String, Object> variables) {
    ActivatedJob job = mock(ActivatedJob.class);
    when(job.getType()).thenReturn(type);
    when(job.getVariablesAsMap()).thenReturn(variables);
    return job;
  }
}
