package dev.orderflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.CamundaError;
import io.camunda.client.exception.JobError;
import io.camunda.client.jobhandling.JobExceptionHandlingStrategy;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
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

  @Test
  void failure_onTheFirstAttempt_leavesThreeRetries_andBacksOffOneSecond() throws Exception {
    JobError error = handled(new IllegalStateException("boom"), 4);

    assertThat(error.getRetries()).isEqualTo(3);
    assertThat(error.getRetryBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(error.getErrorMessage())
        .isEqualTo(
            "reserve-inventory failed for order order-42: java.lang.IllegalStateException: boom");
    assertThat(error.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
  }

  @Test
  void failure_onLaterAttempts_backsOffFiveThenTwentyFiveSeconds() throws Exception {
    assertThat(handled(new IllegalStateException("boom"), 3))
        .satisfies(e -> assertThat(e.getRetries()).isEqualTo(2))
        .satisfies(e -> assertThat(e.getRetryBackoff()).isEqualTo(Duration.ofSeconds(5)));
    assertThat(handled(new IllegalStateException("boom"), 2))
        .satisfies(e -> assertThat(e.getRetries()).isEqualTo(1))
        .satisfies(e -> assertThat(e.getRetryBackoff()).isEqualTo(Duration.ofSeconds(25)));
  }

  @Test
  void failure_onTheLastAttempt_leavesNoRetries_soTheEngineRaisesAnIncident() throws Exception {
    assertThat(handled(new IllegalStateException("boom"), 1).getRetries()).isZero();
    assertThat(handled(new IllegalStateException("boom"), 0).getRetries()).isZero();
  }

  @Test
  void bpmnErrorsAndExplicitJobErrors_passThroughUnchanged() throws Exception {
    Exception bpmnError = CamundaError.bpmnError("OUT_OF_STOCK", "no stock");
    Exception jobError = CamundaError.jobError("as the worker said", null, 0);

    assertThat(passedOn(bpmnError, 4)).isSameAs(bpmnError);
    assertThat(passedOn(jobError, 4)).isSameAs(jobError);
  }

  /** The job error the policy hands on for a failure of a job with these retries left. */
  private JobError handled(Exception failure, int retries) throws Exception {
    return (JobError) passedOn(failure, retries);
  }

  private Exception passedOn(Exception failure, int retries) throws Exception {
    AtomicReference<Exception> handedOn = new AtomicReference<>();
    JobFailurePolicy policy =
        new JobFailurePolicy(
            (exception, context) -> handedOn.set(exception),
            new OrderflowProperties(Duration.ofHours(2), jobs, null));
    ActivatedJob job = job("reserve-inventory", Map.of("orderId", "order-42"));
    when(job.getRetries()).thenReturn(retries);

    policy.handleException(
        failure, new JobExceptionHandlingStrategy.ExceptionHandlingContext(null, job, null));

    return handedOn.get();
  }

  private static ActivatedJob job(String type, Map<String, Object> variables) {
    ActivatedJob job = mock(ActivatedJob.class);
    when(job.getType()).thenReturn(type);
    when(job.getVariablesAsMap()).thenReturn(variables);
    return job;
  }
}
