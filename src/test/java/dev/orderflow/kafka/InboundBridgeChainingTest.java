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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.util.unit.DataSize;

/**
 * An order's messages reach the engine one after the other, each only once the previous one was
 * accepted, against an engine whose answers the test controls: answered out of order, or refused. A
 * refused message stops its order's later messages in the batch (they are published after it, on
 * the retry), while other orders' messages go on.
 */
class InboundBridgeChainingTest {

  static final String PAYMENTS = "payments.captured";

  final EngineMessageGateway engine = mock(EngineMessageGateway.class);
  final DeadLetters deadLetters = mock(DeadLetters.class);
  final BridgeHealth health = new BridgeHealth(Clock.systemUTC());
  final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

  /** The message ids the bridge handed the engine, in the order it did. */
  final List<String> published = new CopyOnWriteArrayList<>();

  /** The engine's answer to each message id, completed by the test. */
  final Map<String, CompletableFuture<Outcome>> answers = new ConcurrentHashMap<>();

  InboundBridge bridge;
  Thread listener;

  @BeforeEach
  void setUp() {
    when(engine.publish(any()))
        .thenAnswer(
            invocation -> {
              List<InboundMessage> messages = invocation.getArgument(0);
              InboundMessage message = messages.getFirst();
              published.add(message.messageId());
              return answers.computeIfAbsent(message.messageId(), id -> new CompletableFuture<>());
            });
    InboundProperties properties =
        InboundPropertiesFixture.properties(DataSize.ofKilobytes(64), Duration.ofSeconds(5));
    bridge =
        new InboundBridge(
            new RecordTranslator(
                new ObjectMapper(), properties, ModelRoutesFixture.payments(PAYMENTS)),
            engine,
            deadLetters,
            properties,
            ModelRoutesFixture.payments(PAYMENTS),
            health,
            metrics,
            () -> false);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    if (listener != null) {
      answers.values().forEach(answer -> answer.complete(Outcome.PUBLISHED));
      listener.join(Duration.ofSeconds(30));
    }
  }

  @Test
  void refusedMessage_theSameOrdersLaterRecordWaitsForTheRetry_otherOrdersGoOn() {
    List<ConsumerRecord<String, byte[]>> records =
        List.of(payment(0, "order-1"), payment(1, "order-1"), payment(2, "order-2"));
    Acknowledgment ack = mock(Acknowledgment.class);
    Result first = run(records, ack);
    await().atMost(Duration.ofSeconds(10)).until(() -> published.size() >= 2);

    // the engine refuses order-1's first message for now; it would accept everything else
    answers
        .get("pay-0")
        .completeExceptionally(new EngineUnavailableException("engine unavailable (test)", null));
    answers.get("pay-2").complete(Outcome.PUBLISHED);
    answer("pay-1", Outcome.PUBLISHED);

    first.await();
    assertThat(published)
        .as("order-1's second message is not published after its first was refused")
        .containsExactly("pay-0", "pay-2");
    assertThat(first.thrown.get())
        .as("the batch ends at the refused record, to be retried from there")
        .isInstanceOfSatisfying(
            BatchListenerFailedException.class, e -> assertThat(e.getIndex()).isZero());
    verify(ack, never()).acknowledge();
    assertThat(inFlight()).as("messages in flight once the batch ended").isZero();

    // the retry starts over at the refused record: order-1's messages go in their order now
    answers.clear();
    published.clear();
    Acknowledgment retryAck = mock(Acknowledgment.class);
    Result retry = run(records, retryAck);
    await().atMost(Duration.ofSeconds(10)).until(() -> published.size() >= 2);
    assertThat(published).containsExactly("pay-0", "pay-2");
    answers.get("pay-0").complete(Outcome.PUBLISHED);
    answers.get("pay-2").complete(Outcome.DUPLICATE);
    await().atMost(Duration.ofSeconds(10)).until(() -> published.size() >= 3);
    answers.get("pay-1").complete(Outcome.PUBLISHED);

    retry.await();
    assertThat(retry.thrown.get()).isNull();
    assertThat(published).containsExactly("pay-0", "pay-2", "pay-1");
    verify(retryAck).acknowledge();
    assertThat(inFlight()).as("messages in flight once the batch was acknowledged").isZero();
  }

  @Test
  void engineAnswersOutOfOrder_anOrdersNextMessageIsPublishedOnlyOnceThePreviousWasAccepted() {
    List<ConsumerRecord<String, byte[]>> records =
        List.of(
            payment(0, "order-1"),
            payment(1, "order-2"),
            payment(2, "order-1"),
            payment(3, "order-1"),
            payment(4, "order-2"));
    Acknowledgment ack = mock(Acknowledgment.class);
    Result batch = run(records, ack);

    // each order's first message is out; the rest wait for their order's previous one
    await().atMost(Duration.ofSeconds(10)).until(() -> published.size() >= 2);
    assertThat(published).containsExactly("pay-0", "pay-1");
    // the engine answers the later order first: only order-2's next message follows
    answers.get("pay-1").complete(Outcome.PUBLISHED);
    await().atMost(Duration.ofSeconds(10)).until(() -> published.size() >= 3);
    assertThat(published).containsExactly("pay-0", "pay-1", "pay-4");
    answers.get("pay-4").complete(Outcome.PUBLISHED);
    answers.get("pay-0").complete(Outcome.PUBLISHED);
    await().atMost(Duration.ofSeconds(10)).until(() -> published.size() >= 4);
    assertThat(published).endsWith("pay-2");
    answers.get("pay-2").complete(Outcome.PUBLISHED);
    await().atMost(Duration.ofSeconds(10)).until(() -> published.size() >= 5);
    answers.get("pay-3").complete(Outcome.PUBLISHED);

    batch.await();
    assertThat(batch.thrown.get()).isNull();
    assertThat(published).containsExactly("pay-0", "pay-1", "pay-4", "pay-2", "pay-3");
    verify(ack).acknowledge();
    assertThat(inFlight()).isZero();
  }

  /** Answers the message when (if ever) it is published. */
  private void answer(String messageId, Outcome outcome) {
    answers.computeIfAbsent(messageId, id -> new CompletableFuture<>()).complete(outcome);
  }

  private double inFlight() {
    return metrics.get("orderflow.inbound.in-flight").gauge().value();
  }

  /** One onBatch call on a thread of its own, as the listener container runs it. */
  private final class Result {
    final AtomicReference<Throwable> thrown = new AtomicReference<>();
    final AtomicBoolean returned = new AtomicBoolean();

    void await() {
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilTrue(returned);
    }
  }

  private Result run(List<ConsumerRecord<String, byte[]>> records, Acknowledgment ack) {
    Result result = new Result();
    listener =
        Thread.ofPlatform()
            .name("test-listener")
            .start(
                () -> {
                  try {
                    bridge.onBatch(records, ack);
                  } catch (Throwable e) {
                    result.thrown.set(e);
                  } finally {
                    result.returned.set(true);
                  }
                });
    return result;
  }

  private static ConsumerRecord<String, byte[]> payment(int offset, String orderId) {
    String value =
        "{\"eventId\":\"pay-" + offset + "\",\"orderId\":\"" + orderId + "\",\"amount\":25.00}";
    return new ConsumerRecord<>(
        PAYMENTS, 0, offset, orderId, value.getBytes(StandardCharsets.UTF_8));
  }
}
