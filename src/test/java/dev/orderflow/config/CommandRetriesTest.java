package dev.orderflow.config;

import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.camunda.client.api.command.FinalCommandStep;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.impl.CamundaClientFutureImpl;
import io.camunda.client.jobhandling.CommandWrapper;
import io.camunda.client.metrics.MetricsRecorder;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A job's completion that the engine does not take: sent again while the engine refuses it for
 * backpressure, also when it comes wrapped as on the SDK's auto-complete path; not sent again when
 * the job is gone or its deadline has passed.
 */
class CommandRetriesTest {

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final CommandRetries retries = new CommandRetries(scheduler);

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Test
  void refusedForBackpressure_isSentAgainUntilTaken_alsoWhenTheErrorComesWrapped() {
    FinalCommandStep<?> complete = answering(Status.RESOURCE_EXHAUSTED, Status.UNAVAILABLE, null);

    send(complete, jobWithDeadlineIn(Duration.ofSeconds(30)), true);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> verify(complete, times(3)).send());
  }

  // a send scheduled again would run (after about 100 ms) before the scheduler terminates
  @Test
  void jobGone_isNotSentAgain() throws Exception {
    FinalCommandStep<?> complete = answering(Status.NOT_FOUND, null);

    send(complete, jobWithDeadlineIn(Duration.ofSeconds(30)), false);

    scheduler.shutdown();
    scheduler.awaitTermination(1, TimeUnit.SECONDS);
    verify(complete, times(1)).send();
  }

  @Test
  void refusedAfterTheJobsDeadline_isNotSentAgain() throws Exception {
    FinalCommandStep<?> complete = answering(Status.RESOURCE_EXHAUSTED, null);

    send(complete, jobWithDeadlineIn(Duration.ofSeconds(-1)), false);

    scheduler.shutdown();
    scheduler.awaitTermination(1, TimeUnit.SECONDS);
    verify(complete, times(1)).send();
  }

  /** As the SDK sends: auto-complete wraps the error ({@code thenApply}), the retries do not. */
  private void send(FinalCommandStep<?> command, ActivatedJob job, boolean asAutoComplete) {
    CommandWrapper wrapper =
        new CommandWrapper(command, job, retries, mock(MetricsRecorder.class), 20);
    if (asAutoComplete) {
      wrapper.executeAsyncWithMetrics(
          MetricsRecorder.METRIC_NAME_JOB, MetricsRecorder.ACTION_COMPLETED, "reserve-inventory");
    } else {
      wrapper.executeAsync();
    }
  }

  /** A command whose n-th send is answered with the n-th status, null meaning taken. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static FinalCommandStep<?> answering(Status... answers) {
    FinalCommandStep command = mock(FinalCommandStep.class);
    AtomicInteger sent = new AtomicInteger();
    when(command.send())
        .thenAnswer(
            invocation -> {
              Status status = answers[Math.min(sent.getAndIncrement(), answers.length - 1)];
              CamundaClientFutureImpl<Object, Object> answer = new CamundaClientFutureImpl<>();
              if (status == null) {
                answer.complete(null);
              } else {
                answer.completeExceptionally(status.asRuntimeException());
              }
              return answer;
            });
    return command;
  }

  private static ActivatedJob jobWithDeadlineIn(Duration fromNow) {
    ActivatedJob job = mock(ActivatedJob.class);
    when(job.getDeadline()).thenReturn(Instant.now().plus(fromNow).toEpochMilli());
    return job;
  }
}
