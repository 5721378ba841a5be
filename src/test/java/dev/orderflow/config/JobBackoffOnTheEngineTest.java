package dev.orderflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.testing.EmbeddedEngine;
import io.camunda.client.CamundaClient;
import io.camunda.client.annotation.value.JobWorkerValue;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.BackoffSupplier;
import io.camunda.client.jobhandling.DefaultCommandExceptionHandlingStrategy;
import io.camunda.client.jobhandling.JobExceptionHandlingStrategy.ExceptionHandlingContext;
import io.camunda.client.metrics.DefaultNoopMetricsRecorder;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The backoff of {@link JobFailurePolicy} reaches the engine: a failed job carries it in its FAILED
 * record, and the engine hands the job out again only once that much time has passed on its clock,
 * growing by the multiplier from one failure to the next. Backoffs of minutes, so that only the
 * engine clock (never the wall clock) can let the job come back.
 */
class JobBackoffOnTheEngineTest {

  static final String JOB_TYPE = "flaky-step";
  static final OrderflowProperties.Jobs JOBS =
      new OrderflowProperties.Jobs(4, Duration.ofMinutes(10), 5, Duration.ofHours(1));

  EmbeddedEngine engine;
  CamundaClient client;
  ScheduledExecutorService scheduler;
  JobFailurePolicy policy;

  @BeforeEach
  void setUp() {
    engine = EmbeddedEngine.start();
    client = engine.newClient();
    scheduler = Executors.newSingleThreadScheduledExecutor();
    BackoffSupplier noBackoff = retryDelay -> 0;
    policy =
        new JobFailurePolicy(
            new DefaultCommandExceptionHandlingStrategy(noBackoff, scheduler),
            new DefaultNoopMetricsRecorder(),
            new OrderflowProperties(Duration.ofHours(2), JOBS, null));
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("flaky")
            .startEvent()
            .serviceTask("FlakyTask", task -> task.zeebeJobType(JOB_TYPE).zeebeJobRetries("4"))
            .endEvent()
            .done();
    client.newDeployResourceCommand().addProcessModel(model, "flaky.bpmn").send().join();
    client
        .newCreateInstanceCommand()
        .bpmnProcessId("flaky")
        .latestVersion()
        .variables(Map.of("orderId", "order-1"))
        .send()
        .join();
  }

  @AfterEach
  void tearDown() {
    scheduler.shutdownNow();
    client.close();
    engine.close();
  }

  @Test
  void failedJob_comesBackOnlyAfterItsBackoffOnTheEngineClock_growingPerFailure() throws Exception {
    ActivatedJob first = awaitJob();
    fail(first);

    JobRecordValue failed = awaitFailed(first.getKey(), 1);
    assertThat(failed.getRetries()).as("retries left").isEqualTo(3);
    assertThat(failed.getRetryBackoff()).isEqualTo(Duration.ofMinutes(10).toMillis());
    assertThat(failed.getErrorMessage()).contains(JOB_TYPE + " failed for order order-1: ");
    engine.increaseTime(Duration.ofMinutes(9));
    engine.awaitIdle();
    assertThat(activate()).as("the job before its backoff has passed").isEmpty();

    engine.increaseTime(Duration.ofMinutes(2));
    ActivatedJob second = awaitJob();
    assertThat(second.getKey()).isEqualTo(first.getKey());
    fail(second);

    JobRecordValue failedAgain = awaitFailed(first.getKey(), 2);
    assertThat(failedAgain.getRetries()).isEqualTo(2);
    assertThat(failedAgain.getRetryBackoff()).isEqualTo(Duration.ofMinutes(50).toMillis());
    engine.increaseTime(Duration.ofMinutes(45));
    engine.awaitIdle();
    assertThat(activate()).as("the job before its second backoff has passed").isEmpty();
    engine.increaseTime(Duration.ofMinutes(6));
    assertThat(awaitJob().getKey()).isEqualTo(first.getKey());
  }

  private void fail(ActivatedJob job) throws Exception {
    JobWorkerValue worker = new JobWorkerValue();
    worker.setMaxRetries(0);
    policy.handleException(
        new IllegalStateException("broker unreachable (test)"),
        new ExceptionHandlingContext(client, job, worker));
  }

  private ActivatedJob awaitJob() {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(this::activate, jobs -> !jobs.isEmpty())
        .getFirst();
  }

  private List<ActivatedJob> activate() {
    return EmbeddedEngine.activateJobs(client, JOB_TYPE);
  }

  /** The job's {@code n}th FAILED record. */
  private JobRecordValue awaitFailed(long jobKey, int n) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                StreamSupport.stream(engine.records().jobRecords().spliterator(), false)
                    .filter(r -> r.getKey() == jobKey && r.getIntent() == JobIntent.FAILED)
                    .map(Record::getValue)
                    .toList(),
            failures -> failures.size() >= n)
        .get(n - 1);
  }
}
