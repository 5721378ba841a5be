package dev.orderflow.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.kafka.EngineMessageGateway.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.util.unit.DataSize;

/**
 * The bridge's batch against an engine that answers slowly or not at all: once stop is requested no
 * new publish starts, the wait for those in flight is bounded, and only the prefix of the batch the
 * engine accepted is committed; a dead letter is written only once no publish of the batch is in
 * flight.
 */
class InboundBridgeShutdownTest {

  static final String PAYMENTS = "payments.captured";
  static final int RECORDS = 300;
  static final int MAX_IN_FLIGHT = 32;
  static final Duration STOP_TIMEOUT = Duration.ofMillis(300);

  final EngineMessageGateway engine = mock(EngineMessageGateway.class);
  final DeadLetters deadLetters = mock(DeadLetters.class);
  final BridgeHealth health = new BridgeHealth(Clock.systemUTC());

  /** The engine's answer to each publish, in the order the bridge started them. */
  final List<CompletableFuture<Outcome>> answers = new CopyOnWriteArrayList<>();

  final AtomicBoolean stopRequested = new AtomicBoolean();
  final AtomicInteger startedAfterStop = new AtomicInteger();

  InboundBridge bridge;
  Thread listener;

  @BeforeEach
  void setUp() {
    when(engine.publish(any()))
        .thenAnswer(
            invocation -> {
              if (stopRequested.get()) {
                startedAfterStop.incrementAndGet();
              }
              CompletableFuture<Outcome> answer = new CompletableFuture<>();
              answers.add(answer);
              return answer;
            });
    InboundProperties properties =
        InboundPropertiesFixture.properties(DataSize.ofKilobytes(64), STOP_TIMEOUT);
    bridge =
        new InboundBridge(
            new RecordTranslator(
                new ObjectMapper(), properties, ModelRoutesFixture.payments(PAYMENTS)),
            engine,
            deadLetters,
            properties,
            ModelRoutesFixture.payments(PAYMENTS),
            health,
            new SimpleMeterRegistry(),
            () -> false);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    answers.forEach(answer -> answer.complete(Outcome.PUBLISHED));
    if (listener != null) {
      listener.join(Duration.ofSeconds(30));
    }
  }

  @Test
  void stopRequestedMidBurst_noNewPublishStarts_inFlightWaitIsBounded_acceptedPrefixCommitted() {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      records.add(payment(i, "order-" + i));
    }
    Acknowledgment ack = mock(Acknowledgment.class);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicBoolean returned = new AtomicBoolean();
    listener = run(records, ack, thrown, returned);
    await().atMost(Duration.ofSeconds(10)).until(() -> answers.size() == MAX_IN_FLIGHT);

    stopRequested.set(true);
    bridge.requestStop();
    // The engine accepts the first ten and one further on; the rest it never answers.
    for (int i = 0; i < 10; i++) {
      answers.get(i).complete(Outcome.PUBLISHED);
    }
    answers.get(15).complete(Outcome.PUBLISHED);

    await().atMost(Duration.ofSeconds(10)).untilTrue(returned);
    assertThat(startedAfterStop).as("publishes started after stop was requested").hasValue(0);
    assertThat(answers).as("publishes started").hasSize(MAX_IN_FLIGHT);
    assertThat(thrown.get())
        .as("the batch ends at the first record the engine did not accept")
        .isInstanceOfSatisfying(
            BatchListenerFailedException.class, e -> assertThat(e.getIndex()).isEqualTo(10));
    verify(ack, never()).acknowledge();
    assertThat(health.health().getStatus().getCode()).as("a stop is no refusal").isEqualTo("UP");
  }

  @Test
  void stopRequestedWhileAnOrdersNextMessageWaitsForItsPrevious_theNextIsNeverPublished() {
    List<ConsumerRecord<String, byte[]>> records =
        List.of(payment(0, "order-1"), payment(1, "order-1"));
    Acknowledgment ack = mock(Acknowledgment.class);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicBoolean returned = new AtomicBoolean();
    listener = run(records, ack, thrown, returned);
    await().atMost(Duration.ofSeconds(10)).until(() -> answers.size() == 1);

    stopRequested.set(true);
    bridge.requestStop();
    answers.get(0).complete(Outcome.PUBLISHED);

    await().atMost(Duration.ofSeconds(10)).untilTrue(returned);
    assertThat(answers).as("publishes started").hasSize(1);
    assertThat(thrown.get())
        .isInstanceOfSatisfying(
            BatchListenerFailedException.class, e -> assertThat(e.getIndex()).isEqualTo(1));
  }

  @Test
  void poisonRecordBeforeAPublishInFlight_isDeadLetteredOnlyOnceNoPublishIsInFlight() {
    List<ConsumerRecord<String, byte[]>> records =
        List.of(record(0, "order-1", "not json"), payment(1, "order-2"));
    List<Long> unansweredAtDeadLetter = new CopyOnWriteArrayList<>();
    when(deadLetters.write(any(), any()))
        .thenAnswer(
            invocation -> {
              unansweredAtDeadLetter.add(answers.stream().filter(a -> !a.isDone()).count());
              return DeadLetters.Result.WRITTEN;
            });
    Acknowledgment ack = mock(Acknowledgment.class);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicBoolean returned = new AtomicBoolean();
    listener = run(records, ack, thrown, returned);
    await().atMost(Duration.ofSeconds(10)).until(() -> answers.size() == 1);

    answers.get(0).complete(Outcome.PUBLISHED);

    await().atMost(Duration.ofSeconds(10)).untilTrue(returned);
    assertThat(thrown.get()).isNull();
    assertThat(unansweredAtDeadLetter)
        .as("publishes in flight at the dead letter")
        .containsOnly(0L);
    verify(ack).acknowledge();
  }

  private Thread run(
      List<ConsumerRecord<String, byte[]>> records,
      Acknowledgment ack,
      AtomicReference<Throwable> thrown,
      AtomicBoolean returned) {
    return Thread.ofPlatform()
        .name("test-listener")
        .start(
            () -> {
              try {
                bridge.onBatch(records, ack);
              } catch (Throwable e) {
                thrown.set(e);
              } finally {
                returned.set(true);
              }
            });
  }

  private static ConsumerRecord<String, byte[]> payment(int offset, String orderId) {
    return record(
        offset,
        orderId,
        "{\"eventId\":\"pay-" + offset + "\",\"orderId\":\"" + orderId + "\",\"amount\":25.00}");
  }

  private static ConsumerRecord<String, byte[]> record(int offset, String key, String value) {
    return new ConsumerRecord<>(PAYMENTS, 0, offset, key, value.getBytes(StandardCharsets.UTF_8));
  }
}
