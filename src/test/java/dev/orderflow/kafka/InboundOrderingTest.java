package dev.orderflow.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;

import dev.orderflow.testing.EmbeddedEngine;
import dev.orderflow.testing.OrderflowKafka;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.MessageIntent;
import io.camunda.zeebe.protocol.record.value.MessageRecordValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.mockito.invocation.InvocationOnMock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/**
 * An order's messages reach the engine in the order its records were written, although the bridge
 * publishes many messages at once and the engine answers an order's messages last first: records of
 * many order ids, over several partitions and taken in large polls, each order's close together,
 * arrive per order id in offset order, and none is lost.
 */
@ExtraRouteIntegrationTest
class InboundOrderingTest {

  private static final Logger log = LoggerFactory.getLogger(InboundOrderingTest.class);

  static final String AUDIT_NOTES = "audit.notes";
  static final int ORDERS = 50;
  static final int RECORDS_PER_ORDER = 10;

  /** How long a message waits for its order's next one to be answered first. */
  static final Duration HOLD = Duration.ofMillis(25);

  @Autowired EmbeddedEngine engine;
  @Autowired EngineMessageGateway gateway; // a spy, see @ExtraRouteIntegrationTest
  @Autowired KafkaListenerEndpointRegistry listeners;
  @Autowired MeterRegistry metrics;

  // This context's broker. Not ${spring.kafka.bootstrap-servers}: @EmbeddedKafka sets that as a
  // system property, so once another context has started, it names the other context's broker.
  @Autowired EmbeddedKafkaBroker broker;

  @Test
  void engineAnswersAnOrdersMessagesLastFirst_theyStillReachItInOffsetOrderPerOrderId() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<String> orderIds =
        IntStream.range(0, ORDERS).mapToObj(i -> "order-" + run + "-" + i).toList();
    int total = ORDERS * RECORDS_PER_ORDER;
    Set<Integer> partitions = new TreeSet<>();
    Timer publish = publishTimer();
    long publishNanosBefore = (long) publish.totalTime(TimeUnit.NANOSECONDS);
    long publishCountBefore = publish.count();

    // Held back while they are written, the records come to the bridge in a few large polls:
    // the pipelined path (up to max-in-flight publishes at once), not one record at a time.
    MessageListenerContainer bridge = listeners.getListenerContainer("inbound-bridge");
    bridge.pause();
    long start;
    try {
      await().atMost(Duration.ofSeconds(60)).until(bridge::isContainerPaused);
      answerInReverse();
      try (OrderflowKafka kafka = new OrderflowKafka(broker.getBrokersAsString())) {
        // an order's records one after the other: they come in the same poll, close together
        for (String orderId : orderIds) {
          for (int seq = 0; seq < RECORDS_PER_ORDER; seq++) {
            RecordMetadata sent =
                kafka.send(
                    AUDIT_NOTES,
                    orderId,
                    """
                    {"eventId":"%s-%d","seq":%d,"note":"note %d of %s"}"""
                        .formatted(orderId, seq, seq, seq, orderId));
            partitions.add(sent.partition());
          }
        }
      }
    } finally {
      start = System.nanoTime();
      bridge.resume();
    }

    Map<String, List<Long>> seqByOrder =
        await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(250))
            .until(
                () -> publishedSeqByOrder(Set.copyOf(orderIds)),
                byOrder -> byOrder.values().stream().mapToInt(List::size).sum() >= total);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    List<Long> inOffsetOrder = LongStream.range(0, RECORDS_PER_ORDER).boxed().toList();
    assertThat(partitions).as("partitions the records were spread over").hasSizeGreaterThan(1);
    assertThat(seqByOrder).containsOnlyKeys(orderIds);
    Map<String, List<Long>> notInOffsetOrder = new LinkedHashMap<>(seqByOrder);
    notInOffsetOrder.values().removeIf(inOffsetOrder::equals);
    assertThat(notInOffsetOrder)
        .as("order ids whose messages (seq, in log order) are not exactly %s", inOffsetOrder)
        .isEmpty();

    // Publishes overlapped in time: the sum of their durations exceeds the wall-clock time it took
    // to publish all of them, which one-at-a-time publishing cannot do.
    long publishes = publish.count() - publishCountBefore;
    double publishSeconds = (publish.totalTime(TimeUnit.NANOSECONDS) - publishNanosBefore) / 1e9;
    double meanConcurrency = publishSeconds / (elapsed.toNanos() / 1e9);
    log.info(
        "Ordering: {} records ({} order ids x {}) over partitions {}, all published in {} ms;"
            + " {} publishes, mean publishes in flight {}",
        total,
        ORDERS,
        RECORDS_PER_ORDER,
        partitions,
        elapsed.toMillis(),
        publishes,
        String.format("%.1f", meanConcurrency));
    assertThat(publishes).isEqualTo(total);
    assertThat(meanConcurrency).as("mean publishes in flight").isGreaterThan(1.0);
  }

  /**
   * Makes the engine answer an order's messages in reverse: each message is held until the order's
   * next message has been answered, or for {@link #HOLD} if that one does not come (the last of an
   * order is not held). A bridge that waits for an order's previous message before it publishes the
   * next never has two of an order's messages at the engine at once, so each waits out its hold and
   * they arrive in offset order; a bridge that publishes them side by side gets them answered last
   * first, every time.
   */
  private void answerInReverse() {
    Map<String, CompletableFuture<Void>> answered = new ConcurrentHashMap<>();
    doAnswer(
            invocation -> {
              List<InboundMessage> messages = invocation.getArgument(0);
              InboundMessage message = messages.getFirst();
              long seq = ((Number) message.variables().get("seq")).longValue();
              String orderId = message.correlationKey();
              CompletableFuture<Void> mine =
                  answered.computeIfAbsent(orderId + "#" + seq, k -> new CompletableFuture<>());
              CompletableFuture<?> release =
                  seq == RECORDS_PER_ORDER - 1
                      ? CompletableFuture.completedFuture(null)
                      : CompletableFuture.anyOf(
                          answered.computeIfAbsent(
                              orderId + "#" + (seq + 1), k -> new CompletableFuture<>()),
                          CompletableFuture.runAsync(
                              () -> {},
                              CompletableFuture.delayedExecutor(
                                  HOLD.toMillis(), TimeUnit.MILLISECONDS)));
              return release
                  .thenCompose(ignored -> realPublish(invocation))
                  .whenComplete((outcome, failure) -> mine.complete(null));
            })
        .when(gateway)
        .publish(any());
  }

  @SuppressWarnings("unchecked")
  private static CompletableFuture<EngineMessageGateway.Outcome> realPublish(
      InvocationOnMock invocation) {
    try {
      return (CompletableFuture<EngineMessageGateway.Outcome>) invocation.callRealMethod();
    } catch (Throwable e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Each order id's seq values, in the engine's log order. */
  private Map<String, List<Long>> publishedSeqByOrder(Set<String> orderIds) {
    Map<String, List<Long>> byOrder = new LinkedHashMap<>();
    StreamSupport.stream(engine.records().messageRecords().spliterator(), false)
        .filter(r -> r.getIntent() == MessageIntent.PUBLISHED)
        .map(Record::getValue)
        .filter(v -> orderIds.contains(v.getCorrelationKey()))
        .forEach(
            v ->
                byOrder
                    .computeIfAbsent(v.getCorrelationKey(), k -> new ArrayList<>())
                    .add(seqOf(v)));
    return byOrder;
  }

  private static long seqOf(MessageRecordValue message) {
    return ((Number) message.getVariables().get("seq")).longValue();
  }

  private Timer publishTimer() {
    return Timer.builder("orderflow.inbound.publish")
        .tag("route", AUDIT_NOTES)
        .publishPercentileHistogram()
        .register(metrics);
  }
}
