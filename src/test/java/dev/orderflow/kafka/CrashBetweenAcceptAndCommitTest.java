package dev.orderflow.kafka;

import static dev.orderflow.testing.OrderflowKafka.header;
import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;

import dev.orderflow.inventory.InventoryService;
import dev.orderflow.kafka.EngineMessageGateway.Outcome;
import dev.orderflow.order.OrderProcess;
import dev.orderflow.testing.EmbeddedEngine;
import dev.orderflow.testing.InboundCounters;
import dev.orderflow.testing.OrderJson;
import dev.orderflow.testing.OrderflowIntegrationTest;
import dev.orderflow.testing.OrderflowKafka;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.ProcessMessageSubscriptionIntent;
import io.camunda.zeebe.protocol.record.value.ProcessMessageSubscriptionRecordValue;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * A crash between the engine's acceptance and the offset commit loses nothing and doubles nothing:
 * the engine has already accepted a batch of payments when the bridge dies before committing their
 * offsets. After the restart Kafka delivers those records again, the engine drops them as
 * duplicates by their message id, every payment correlates exactly once and every order ends in
 * exactly one outcome event.
 */
@OrderflowIntegrationTest
class CrashBetweenAcceptAndCommitTest {

  private static final Logger log = LoggerFactory.getLogger(CrashBetweenAcceptAndCommitTest.class);

  static final String ORDERS_PLACED = "orders.placed";
  static final String PAYMENTS_CAPTURED = "payments.captured";
  static final String ORDERS_EVENTS = "orders.events";
  static final int ORDERS = 10;
  static final Duration ENGINE_WAIT = Duration.ofSeconds(60);

  @MockitoSpyBean EngineMessageGateway gateway;
  @Autowired EmbeddedEngine engine;
  @Autowired InventoryService inventory;
  @Autowired KafkaListenerEndpointRegistry listeners;
  @Autowired MeterRegistry metrics;

  // this context's broker: @EmbeddedKafka also sets spring.kafka.bootstrap-servers as a system
  // property, which names whichever broker started last once several contexts are cached
  @Autowired EmbeddedKafkaBroker broker;

  @Value("${orderflow.inbound.group-id}")
  String groupId;

  /** While set, the engine accepts each message but the bridge never learns it did. */
  final AtomicBoolean crash = new AtomicBoolean();

  /** Order ids whose payment the engine accepted (or dropped as a duplicate) while crashing. */
  final Set<String> paymentsAcceptedWhileCrashing = ConcurrentHashMap.newKeySet();

  /** The engine's real answers, as the gateway classified them. */
  final Map<Outcome, AtomicInteger> engineAnswers = new EnumMap<>(Outcome.class);

  final AtomicInteger lostAnswers = new AtomicInteger();

  OrderflowKafka kafka;
  String sku;

  @BeforeEach
  void setUp() {
    for (Outcome outcome : Outcome.values()) {
      engineAnswers.put(outcome, new AtomicInteger());
    }
    doAnswer(
            invocation -> {
              List<InboundMessage> messages = invocation.getArgument(0);
              InboundMessage message = messages.getFirst();
              @SuppressWarnings("unchecked")
              CompletableFuture<Outcome> real =
                  (CompletableFuture<Outcome>) invocation.callRealMethod();
              return real.thenCompose(
                  outcome -> {
                    engineAnswers.get(outcome).incrementAndGet();
                    if (!crash.get()) {
                      return CompletableFuture.completedFuture(outcome);
                    }
                    if (OrderProcess.MESSAGE_PAYMENT_CAPTURED.equals(message.messageName())) {
                      paymentsAcceptedWhileCrashing.add(message.correlationKey());
                    }
                    lostAnswers.incrementAndGet();
                    return CompletableFuture.failedFuture(
                        new EngineUnavailableException(
                            "crashed after the engine accepted " + message.messageId(), null));
                  });
            })
        .when(gateway)
        .publish(any());
    kafka = new OrderflowKafka(broker.getBrokersAsString());
    sku = "SKU-" + UUID.randomUUID();
    inventory.restock(sku, ORDERS);
  }

  @AfterEach
  void tearDown() {
    crash.set(false);
    MessageListenerContainer bridge = bridge();
    if (!bridge.isRunning()) {
      bridge.start();
    }
    kafka.close();
  }

  @Test
  void crashAfterEngineAcceptedPayments_redeliveredAsDuplicates_everyOrderConfirmedExactlyOnce() {
    InboundCounters countersBefore = InboundCounters.snapshot(metrics);
    List<String> orderIds = new ArrayList<>();
    List<RecordMetadata> placed = new ArrayList<>();
    for (int i = 0; i < ORDERS; i++) {
      String orderId = "order-" + UUID.randomUUID();
      orderIds.add(orderId);
      placed.add(kafka.send(ORDERS_PLACED, orderId, OrderJson.orderPlaced(orderId, sku, 1)));
    }
    await()
        .atMost(ENGINE_WAIT)
        .until(
            () ->
                orderIds.stream()
                    .allMatch(id -> inventory.status(id).equals(Optional.of("RESERVED"))));
    // The orders went through normally: their offsets are committed before the crash.
    await().atMost(ENGINE_WAIT).until(() -> committedUpTo(OrderflowKafka.offsetsAfter(placed)));

    crash.set(true);
    List<RecordMetadata> payments = new ArrayList<>();
    for (String orderId : orderIds) {
      payments.add(kafka.send(PAYMENTS_CAPTURED, orderId, OrderJson.paymentCaptured(orderId)));
    }
    await().atMost(ENGINE_WAIT).until(() -> paymentsAcceptedWhileCrashing.containsAll(orderIds));

    MessageListenerContainer bridge = bridge();
    bridge.stop(); // the crash: the engine has every payment, Kafka has no commit for any
    assertThat(bridge.isRunning()).as("bridge stopped").isFalse();
    Map<TopicPartition, OffsetAndMetadata> afterCrash = kafka.committedOffsets(groupId);
    OrderflowKafka.firstOffsets(payments)
        .forEach(
            (partition, firstPayment) -> {
              OffsetAndMetadata committed = afterCrash.get(partition);
              assertThat(committed == null ? 0 : committed.offset())
                  .as("committed offset of %s after the crash", partition)
                  .isLessThanOrEqualTo(firstPayment);
            });

    crash.set(false);
    bridge.start();

    Map<String, List<String>> outcomes = awaitOneOutcomeEach(orderIds);
    assertThat(outcomes)
        .allSatisfy(
            (orderId, types) ->
                assertThat(types)
                    .as("outcome events of %s", orderId)
                    .containsExactly("OrderConfirmed"));
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(15))
        .until(() -> outcomesOf(orderIds).values().stream().allMatch(types -> types.size() == 1));
    await().atMost(ENGINE_WAIT).until(() -> committedUpTo(OrderflowKafka.offsetsAfter(payments)));

    Map<Long, Long> paymentCorrelations = paymentCorrelationsByInstance();
    for (String orderId : orderIds) {
      List<Long> instances = engine.instancesStartedFor(orderId);
      assertThat(instances).as("process instances of %s", orderId).hasSize(1);
      assertThat(paymentCorrelations.getOrDefault(instances.getFirst(), 0L))
          .as("PaymentCaptured correlations of %s", orderId)
          .isEqualTo(1L);
    }
    assertThat(countersBefore.grownBy("payments.captured", "duplicate"))
        .as("redelivered payments the engine dropped as duplicates")
        .isGreaterThanOrEqualTo(ORDERS);

    log.info(
        "Crash between accept and commit: sent {} records ({} OrderPlaced, {} PaymentCaptured);"
            + " bridge counters: published {}, duplicates dropped by the engine {} (payments {}),"
            + " dead-lettered {}; engine answers: PUBLISHED {}, DUPLICATE {}; answers lost to the"
            + " crash (accepted by the engine, never acknowledged to Kafka) {}",
        placed.size() + payments.size(),
        placed.size(),
        payments.size(),
        countersBefore.grownBy(null, "published"),
        countersBefore.grownBy(null, "duplicate"),
        countersBefore.grownBy("payments.captured", "duplicate"),
        countersBefore.grownBy(null, "dead-lettered"),
        engineAnswers.get(Outcome.PUBLISHED).get(),
        engineAnswers.get(Outcome.DUPLICATE).get(),
        lostAnswers.get());
  }

  private MessageListenerContainer bridge() {
    return listeners.getListenerContainer("inbound-bridge");
  }

  private Map<String, List<String>> awaitOneOutcomeEach(List<String> orderIds) {
    return await()
        .atMost(ENGINE_WAIT)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> outcomesOf(orderIds),
            outcomes -> outcomes.values().stream().noneMatch(List::isEmpty));
  }

  /** The types of the outcome events on {@code orders.events}, by order id. */
  private Map<String, List<String>> outcomesOf(List<String> orderIds) {
    Map<String, List<String>> outcomes = new HashMap<>();
    orderIds.forEach(id -> outcomes.put(id, new ArrayList<>()));
    for (ConsumerRecord<String, String> record : kafka.readAll(ORDERS_EVENTS)) {
      List<String> types = outcomes.get(record.key());
      if (types != null) {
        types.add(header(record, KafkaOrderEvents.TYPE_HEADER));
      }
    }
    return outcomes;
  }

  /** How often the engine correlated a PaymentCaptured, by process instance. */
  private Map<Long, Long> paymentCorrelationsByInstance() {
    var subscriptions = engine.records().processMessageSubscriptionRecords();
    return StreamSupport.stream(subscriptions.spliterator(), false)
        .filter(r -> r.getIntent() == ProcessMessageSubscriptionIntent.CORRELATED)
        .map(Record::getValue)
        .filter(v -> OrderProcess.MESSAGE_PAYMENT_CAPTURED.equals(v.getMessageName()))
        .collect(
            groupingBy(ProcessMessageSubscriptionRecordValue::getProcessInstanceKey, counting()));
  }

  private boolean committedUpTo(Map<TopicPartition, Long> endOffsets) {
    Map<TopicPartition, OffsetAndMetadata> committed = kafka.committedOffsets(groupId);
    return endOffsets.entrySet().stream()
        .allMatch(
            end -> {
              OffsetAndMetadata offset = committed.get(end.getKey());
              return offset != null && offset.offset() >= end.getValue();
            });
  }
}
