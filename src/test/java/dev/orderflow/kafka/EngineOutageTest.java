package dev.orderflow.kafka;

import static dev.orderflow.testing.OrderflowKafka.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;

import dev.orderflow.inventory.InventoryService;
import dev.orderflow.kafka.EngineMessageGateway.Outcome;
import dev.orderflow.testing.EmbeddedEngine;
import dev.orderflow.testing.InboundCounters;
import dev.orderflow.testing.OrderJson;
import dev.orderflow.testing.OrderflowIntegrationTest;
import dev.orderflow.testing.OrderflowKafka;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * While the engine is down, orders wait in Kafka and none is lost: nothing is committed, no order
 * starts, and the bridge reports {@code DEGRADED}. Once the engine is back, every order completes
 * with exactly one {@code OrderConfirmed}, the bridge catches up to the end of its topics and
 * reports {@code UP} again. However long the outage, the refused record is never skipped.
 */
@OrderflowIntegrationTest
class EngineOutageTest {

  private static final Logger log = LoggerFactory.getLogger(EngineOutageTest.class);

  static final String ORDERS_PLACED = "orders.placed";
  static final String PAYMENTS_CAPTURED = "payments.captured";
  static final String ORDERS_EVENTS = "orders.events";
  static final Set<String> INBOUND_TOPICS = Set.of(ORDERS_PLACED, PAYMENTS_CAPTURED);
  static final int ORDERS = 20;
  static final Duration ENGINE_WAIT = Duration.ofSeconds(60);

  @MockitoSpyBean EngineMessageGateway gateway;
  @Autowired EmbeddedEngine engine;
  @Autowired InventoryService inventory;
  @Autowired HealthEndpoint health;
  @Autowired KafkaListenerEndpointRegistry registry;
  @Autowired MeterRegistry metrics;
  @Autowired DefaultErrorHandler errorHandler;

  // this context's broker: @EmbeddedKafka also sets spring.kafka.bootstrap-servers as a system
  // property, which names whichever broker started last once several contexts are cached
  @Autowired EmbeddedKafkaBroker broker;

  @Value("${orderflow.inbound.group-id}")
  String groupId;

  /** While set, the engine refuses every message, as an unreachable engine would. */
  final AtomicBoolean engineDown = new AtomicBoolean();

  /** How often a message for each order id was refused. */
  final Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();

  final AtomicInteger refusedAttempts = new AtomicInteger();

  /** The message ids the engine accepted (or dropped as duplicates) once it was back. */
  final Set<String> acceptedIds = ConcurrentHashMap.newKeySet();

  /** The engine's real answers once it is back, as the gateway classified them. */
  final Map<Outcome, AtomicInteger> engineAnswers = new EnumMap<>(Outcome.class);

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
              if (engineDown.get()) {
                refusedAttempts.incrementAndGet();
                refusals
                    .computeIfAbsent(message.correlationKey(), id -> new AtomicInteger())
                    .incrementAndGet();
                return CompletableFuture.failedFuture(
                    new EngineUnavailableException("engine unavailable (test)", null));
              }
              @SuppressWarnings("unchecked")
              CompletableFuture<Outcome> real =
                  (CompletableFuture<Outcome>) invocation.callRealMethod();
              return real.whenComplete(
                  (outcome, failure) -> {
                    if (outcome != null) {
                      acceptedIds.add(message.messageId());
                      engineAnswers.get(outcome).incrementAndGet();
                    }
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
    engineDown.set(false);
    kafka.close();
  }

  @Test
  void engineDownForAWhile_nothingCommittedNothingLost_allOrdersCompleteAfterRecovery() {
    Map<TopicPartition, OffsetAndMetadata> before = inboundOffsets(kafka.committedOffsets(groupId));
    InboundCounters countersBefore = InboundCounters.snapshot(metrics);
    engineDown.set(true);

    List<String> orderIds = new ArrayList<>();
    List<RecordMetadata> sent = new ArrayList<>();
    for (int i = 0; i < ORDERS; i++) {
      String orderId = "order-" + UUID.randomUUID();
      orderIds.add(orderId);
      sent.add(kafka.send(ORDERS_PLACED, orderId, OrderJson.orderPlaced(orderId, sku, 1)));
    }
    for (String orderId : orderIds) {
      sent.add(kafka.send(PAYMENTS_CAPTURED, orderId, OrderJson.paymentCaptured(orderId)));
    }

    // Every order was offered to the engine, refused, and offered again after the backoff. (Per
    // order id the bridge publishes in batch order and stops at the first refusal, so an order's
    // OrderPlaced may wait behind its refused payment: count refusals by order id.)
    await()
        .atMost(ENGINE_WAIT)
        .until(
            () ->
                orderIds.stream()
                    .allMatch(id -> refusals.getOrDefault(id, new AtomicInteger()).get() >= 2));
    Map<TopicPartition, Long> firstSent = OrderflowKafka.firstOffsets(sent);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              Map<TopicPartition, OffsetAndMetadata> committed =
                  inboundOffsets(kafka.committedOffsets(groupId));
              firstSent.forEach(
                  (partition, first) -> {
                    OffsetAndMetadata was = before.get(partition);
                    OffsetAndMetadata now = committed.get(partition);
                    assertThat(now == null ? 0 : now.offset())
                        .as("committed offset of %s while the engine is down", partition)
                        .isLessThanOrEqualTo(was == null ? first : was.offset());
                  });
            });
    assertThat(orderIds)
        .allSatisfy(
            id -> assertThat(engine.instancesStartedFor(id)).as("instances of %s", id).isEmpty());
    assertThat(outcomesOf(orderIds).values()).allSatisfy(types -> assertThat(types).isEmpty());
    assertThat(bridgeStatus()).isEqualTo("DEGRADED");
    // between attempts the listener container is paused rather than buffering or spinning
    await()
        .atMost(ENGINE_WAIT)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> registry.getListenerContainer("inbound-bridge").isPauseRequested());

    engineDown.set(false);

    await()
        .atMost(ENGINE_WAIT)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> outcomesOf(orderIds).values().stream().noneMatch(List::isEmpty));
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(outcomesOf(orderIds))
                    .allSatisfy(
                        (orderId, types) ->
                            assertThat(types)
                                .as("outcome events of %s", orderId)
                                .containsExactly("OrderConfirmed")));
    Map<TopicPartition, Long> end = OrderflowKafka.offsetsAfter(sent);
    await()
        .atMost(ENGINE_WAIT)
        .untilAsserted(
            () -> {
              Map<TopicPartition, OffsetAndMetadata> committed = kafka.committedOffsets(groupId);
              end.forEach(
                  (partition, endOffset) ->
                      assertThat(committed.get(partition))
                          .as("committed offset of %s after recovery", partition)
                          .isNotNull()
                          .extracting(OffsetAndMetadata::offset)
                          .isEqualTo(endOffset));
            });
    assertThat(orderIds)
        .allSatisfy(
            id -> assertThat(engine.instancesStartedFor(id)).as("instances of %s", id).hasSize(1));
    assertThat(acceptedIds)
        .as("messages the engine accepted after recovery")
        .containsAll(orderIds.stream().map(id -> "placed-" + id).toList())
        .containsAll(orderIds.stream().map(id -> "payment-" + id).toList());
    assertThat(bridgeStatus()).isEqualTo("UP");

    log.info(
        "Engine outage: sent {} records ({} orders, {} payments); refused attempts while down {};"
            + " bridge counters: published {}, duplicates dropped by the engine {},"
            + " dead-lettered {};"
            + " engine answers after recovery: PUBLISHED {}, DUPLICATE {}",
        sent.size(),
        ORDERS,
        ORDERS,
        refusedAttempts.get(),
        countersBefore.grownBy(null, "published"),
        countersBefore.grownBy(null, "duplicate"),
        countersBefore.grownBy(null, "dead-lettered"),
        engineAnswers.get(Outcome.PUBLISHED).get(),
        engineAnswers.get(Outcome.DUPLICATE).get());
  }

  /**
   * The outage above lasts seconds. However long the engine stays down, the bridge's error handler
   * (this context's bean) never gives up on the refused record: its backoff, which counts the time
   * it has handed out rather than the wall clock, is stepped here through a year of outage without
   * ever stopping, at most {@code max-interval} apart.
   */
  @Test
  void engineDownForAYear_theRefusedRecordIsNeverSkipped() {
    Object tracker = ReflectionTestUtils.getField(errorHandler, "failureTracker");
    // the backoff the handler applies to a record the engine refused
    BackOff backOff =
        ReflectionTestUtils.invokeMethod(
            tracker,
            "determineBackOff",
            new ConsumerRecord<>(ORDERS_PLACED, 0, 0L, "order-1", new byte[0]),
            new EngineUnavailableException("engine unavailable (test)", null));
    BackOffExecution execution = backOff.start();
    long waited = 0;
    while (waited < Duration.ofDays(366).toMillis()) {
      long next = execution.nextBackOff();
      assertThat(next)
          .as("wait after %s of outage", Duration.ofMillis(waited))
          .isNotEqualTo(BackOffExecution.STOP)
          .isLessThanOrEqualTo(Duration.ofSeconds(1).toMillis()); // the test profile's maximum
      waited += next;
    }
  }

  private String bridgeStatus() {
    return health.healthForPath("inboundBridge").getStatus().getCode();
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

  private static Map<TopicPartition, OffsetAndMetadata> inboundOffsets(
      Map<TopicPartition, OffsetAndMetadata> offsets) {
    Map<TopicPartition, OffsetAndMetadata> inbound = new HashMap<>();
    offsets.forEach(
        (partition, offset) -> {
          if (INBOUND_TOPICS.contains(partition.topic()) && offset != null) {
            inbound.put(partition, offset);
          }
        });
    return inbound;
  }
}
