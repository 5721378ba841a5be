package dev.orderflow.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.config.CommandRetries;
import io.camunda.client.api.command.CompleteJobCommandStep1;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.camunda.client.impl.CamundaClientFutureImpl;
import io.camunda.client.jobhandling.CamundaClientExecutorService;
import io.camunda.client.metrics.MetricsRecorder;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.mock.env.MockEnvironment;

/**
 * A publishing job gives its worker thread back once Kafka has acknowledged its record: it does not
 * wait for the engine to answer its completion. The type runs at most {@code
 * orderflow.outbound.max-jobs-active} jobs at once, so a thread held for the engine's answer is a
 * publish that cannot start, and a busy engine would slow every outbound event. A completion the
 * engine refuses for backpressure is sent again: the record is written once.
 */
class KafkaConnectorWorkerCompletionTest {

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final KafkaOutbound outbound = mock(KafkaOutbound.class);
  private final KafkaConnectorWorker worker =
      new KafkaConnectorWorker(
          outbound,
          new ObjectMapper(),
          new MockEnvironment(),
          mock(ApplicationEventPublisher.class),
          new CommandRetries(new CamundaClientExecutorService(scheduler, false)),
          mock(MetricsRecorder.class));

  @AfterEach
  void stopScheduler() {
    scheduler.shutdownNow();
  }

  @Test
  @Timeout(30)
  void jobReturnsItsThreadOnceKafkaAcknowledged_withoutWaitingForTheEngine() {
    when(outbound.send(any(), anyString())).thenReturn(written());
    CamundaClientFutureImpl<Object, Object> engineAnswer = new CamundaClientFutureImpl<>();
    CompleteJobCommandStep1 complete = completeCommand(engineAnswer);
    JobClient client = mock(JobClient.class);
    ActivatedJob job = job();
    when(client.newCompleteCommand(job)).thenReturn(complete);

    // the engine has not answered (and never does here): the handler must still return
    assertThatCode(() -> worker.publish(client, job)).doesNotThrowAnyException();

    verify(outbound).send(any(ProducerRecord.class), anyString());
    verify(complete).send();
    assertThat(engineAnswer).isNotDone();
  }

  @Test
  @Timeout(30)
  void completionRefusedForBackpressure_isSentAgain() {
    when(outbound.send(any(), anyString())).thenReturn(written());
    AtomicInteger attempts = new AtomicInteger();
    CompleteJobCommandStep1 complete = mock(CompleteJobCommandStep1.class);
    when(complete.variables(anyMap())).thenReturn(complete);
    when(complete.send())
        .thenAnswer(
            sent -> {
              CamundaClientFutureImpl<Object, Object> answer = new CamundaClientFutureImpl<>();
              if (attempts.incrementAndGet() == 1) {
                answer.completeExceptionally(Status.RESOURCE_EXHAUSTED.asRuntimeException());
              } else {
                answer.complete(null);
              }
              return answer;
            });
    JobClient client = mock(JobClient.class);
    ActivatedJob job = job();
    when(client.newCompleteCommand(job)).thenReturn(complete);

    worker.publish(client, job);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> verify(complete, times(2)).send());
    verify(outbound, times(1)).send(any(ProducerRecord.class), anyString());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static CompleteJobCommandStep1 completeCommand(CamundaClientFutureImpl<?, ?> answer) {
    CompleteJobCommandStep1 complete = mock(CompleteJobCommandStep1.class);
    when(complete.variables(anyMap())).thenReturn(complete);
    when(complete.send()).thenReturn((CamundaClientFutureImpl) answer);
    return complete;
  }

  private static ActivatedJob job() {
    ActivatedJob job = mock(ActivatedJob.class);
    when(job.getType()).thenReturn(KafkaConnectorWorker.TYPE);
    when(job.getBpmnProcessId()).thenReturn("notes");
    when(job.getElementId()).thenReturn("PublishNoteTask");
    when(job.getRetries()).thenReturn(3);
    when(job.getDeadline()).thenReturn(Instant.now().plusSeconds(60).toEpochMilli());
    when(job.getCustomHeaders()).thenReturn(Map.of());
    when(job.getVariablesAsMap())
        .thenReturn(
            Map.of(
                "topic", Map.of("topicName", "notes"),
                "message", Map.of("key", "o-1", "value", "a note")));
    return job;
  }

  private static RecordMetadata written() {
    return new RecordMetadata(new TopicPartition("notes", 0), 7, 0, 1_000L, 3, 6);
  }
}
