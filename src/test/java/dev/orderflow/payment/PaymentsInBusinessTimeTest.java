package dev.orderflow.payment;

import static dev.orderflow.testing.OrderflowKafka.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.inventory.InventoryService;
import dev.orderflow.kafka.KafkaOrderEvents;
import dev.orderflow.order.OrderProcess;
import dev.orderflow.testing.EmbeddedEngine;
import dev.orderflow.testing.OrderJson;
import dev.orderflow.testing.OrderflowIntegrationTest;
import dev.orderflow.testing.OrderflowKafka;
import dev.orderflow.testing.UserTasks;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.context.TestPropertySource;

/**
 * Whether a payment counts is decided in business time, and every payment ends applied by its order
 * or refunded exactly once: records on embedded Kafka, the whole application, the embedded engine.
 * Time is the records' timestamps (or placedAt / capturedAt in the payload) and the engine clock;
 * nothing sleeps. The payment window is the application's PT2H.
 */
@OrderflowIntegrationTest
@TestPropertySource(
    properties = {
      "orderflow.payment.orphan-grace=PT10M",
      "orderflow.payment.timeout-grace=PT1M",
      "orderflow.payment.recheck-interval=PT1M"
    })
class PaymentsInBusinessTimeTest {

  static final String ORDERS_PLACED = "orders.placed";
  static final String PAYMENTS_CAPTURED = "payments.captured";
  static final String ORDERS_EVENTS = "orders.events";
  static final Duration WINDOW = Duration.ofHours(2);
  static final Duration RECHECK = Duration.ofMinutes(1);

  @Autowired InventoryService inventory;
  @Autowired PaymentLedger ledger;
  @Autowired EmbeddedEngine engine;
  @Autowired EmbeddedKafkaBroker broker;

  private final ObjectMapper json = new ObjectMapper();
  OrderflowKafka kafka;
  CamundaClient client;
  UserTasks tasklist;
  String sku;

  @BeforeEach
  void setUp() {
    kafka = new OrderflowKafka(broker.getBrokersAsString());
    client = engine.newClient();
    tasklist = new UserTasks(engine);
    sku = "SKU-" + UUID.randomUUID();
    inventory.restock(sku, 100);
  }

  @AfterEach
  void tearDown() {
    client.close();
    kafka.close();
  }

  @Test
  void backlogOlderThanTheWindow_paidInTimeConfirmedOnce_paidLateTimedOutAndRefundedOnce() {
    // as after an outage longer than the window: everything was produced hours ago
    Instant placedAt = Instant.now().minus(Duration.ofHours(5));
    List<String> paidInTime = newOrderIds(6);
    List<String> paidLate = newOrderIds(4);
    List<ProducerRecord<String, String>> backlog = new ArrayList<>();
    for (String orderId : paidInTime) {
      backlog.add(placed(orderId, placedAt));
      backlog.add(paid(orderId, placedAt.plus(WINDOW).minusSeconds(30)));
    }
    for (String orderId : paidLate) {
      backlog.add(placed(orderId, placedAt));
      backlog.add(paid(orderId, placedAt.plus(WINDOW).plusSeconds(90)));
    }
    kafka.sendAll(backlog);

    awaitMovingTheClock(
        () -> {
          Map<String, List<ConsumerRecord<String, String>>> events = eventsByOrder();
          return paidInTime.stream()
                  .allMatch(id -> types(events, id).equals(List.of("OrderConfirmed")))
              && paidLate.stream()
                  .allMatch(
                      id ->
                          types(events, id)
                              .containsAll(List.of("OrderTimedOut", "RefundRequested")));
        });
    assertSettled(
        () -> {
          Map<String, List<ConsumerRecord<String, String>>> events = eventsByOrder();
          for (String orderId : paidInTime) {
            assertThat(types(events, orderId)).containsExactly("OrderConfirmed");
          }
          for (String orderId : paidLate) {
            assertThat(types(events, orderId))
                .containsExactlyInAnyOrder("OrderTimedOut", "RefundRequested");
            JsonNode refund = event(events, orderId, "RefundRequested");
            assertThat(refund.get("paymentId").asText()).isEqualTo("psp-" + orderId);
            assertThat(refund.get("amount").decimalValue()).isEqualByComparingTo("25.00");
            assertThat(refund.get("cancelsOrder").asBoolean()).isTrue();
            assertThat(refund.get("reason").asText()).contains("after the payment window");
          }
        });
  }

  @Test
  void latePayment_timesOutTheOrder_andIsRefundedOnce() {
    String orderId = newOrderId();
    Instant placedAt = Instant.now().minus(Duration.ofHours(3));
    kafka.send(ORDERS_PLACED, orderId, OrderJson.orderPlacedAt(orderId, sku, 1, placedAt));
    kafka.send(
        PAYMENTS_CAPTURED,
        orderId,
        OrderJson.paymentCapturedAt(
            orderId, "pay-" + orderId, "psp-" + orderId, placedAt.plus(WINDOW).plusSeconds(1)));

    awaitMovingTheClock(
        () -> types(orderId).containsAll(List.of("OrderTimedOut", "RefundRequested")));
    assertSettled(
        () -> {
          assertThat(types(orderId)).containsExactlyInAnyOrder("OrderTimedOut", "RefundRequested");
          JsonNode refund = event(orderId, "RefundRequested");
          assertThat(refund.get("eventId").asText())
              .isEqualTo(orderId + ":refund-requested:psp-" + orderId);
          assertThat(refund.get("cancelsOrder").asBoolean()).isTrue();
        });
    assertThat(ledger.state("psp-" + orderId)).contains("REFUNDED");
    assertThat(inventory.status(orderId)).contains("RELEASED");
  }

  @Test
  void secondPaymentOfAConfirmedOrder_isRefunded_andTheOrderStaysConfirmed() {
    String orderId = newOrderId();
    kafka.send(ORDERS_PLACED, orderId, OrderJson.orderPlaced(orderId, sku, 1));
    kafka.send(
        PAYMENTS_CAPTURED,
        orderId,
        OrderJson.payment(orderId, "pay-1-" + orderId, "psp-1-" + orderId));
    awaitMovingTheClock(() -> types(orderId).contains("OrderConfirmed"));

    kafka.send(
        PAYMENTS_CAPTURED,
        orderId,
        OrderJson.payment(orderId, "pay-2-" + orderId, "psp-2-" + orderId));

    awaitMovingTheClock(() -> types(orderId).contains("RefundRequested"));
    assertSettled(
        () -> {
          assertThat(types(orderId)).containsExactly("OrderConfirmed", "RefundRequested");
          JsonNode refund = event(orderId, "RefundRequested");
          assertThat(refund.get("paymentId").asText()).isEqualTo("psp-2-" + orderId);
          assertThat(refund.get("cancelsOrder").asBoolean()).isFalse();
          assertThat(refund.get("reason").asText()).contains("already paid");
        });
  }

  @Test
  void paymentForAnOrderNeverPlaced_isRefundedAfterTheOrphanGrace() {
    String orderId = newOrderId();
    kafka.send(
        PAYMENTS_CAPTURED, orderId, OrderJson.payment(orderId, "pay-" + orderId, "psp-" + orderId));
    await().until(() -> ledger.state("psp-" + orderId), Optional::isPresent);
    assertThat(types(orderId)).isEmpty();

    awaitMovingTheClock(() -> types(orderId).contains("RefundRequested"));
    assertSettled(
        () -> {
          assertThat(types(orderId)).containsExactly("RefundRequested");
          JsonNode refund = event(orderId, "RefundRequested");
          assertThat(refund.get("cancelsOrder").asBoolean()).isTrue();
          assertThat(refund.get("reason").asText()).contains("no order");
        });
    assertThat(engine.instancesStartedFor(orderId)).isEmpty();
  }

  @Test
  void paymentForARejectedOrder_isRefunded() {
    String orderId = newOrderId();
    kafka.send(ORDERS_PLACED, orderId, OrderJson.orderPlaced(orderId, sku, 101));
    kafka.send(
        PAYMENTS_CAPTURED, orderId, OrderJson.payment(orderId, "pay-" + orderId, "psp-" + orderId));
    tasklist.complete(
        awaitTask(orderId, OrderProcess.USER_TASK_RESOLVE_STOCK_SHORTAGE),
        Map.of(
            OrderProcess.VAR_SHORTAGE_DECISION,
            OrderProcess.DECISION_REJECT,
            OrderProcess.VAR_REJECTION_REASON,
            "discontinued"));

    awaitMovingTheClock(
        () -> types(orderId).containsAll(List.of("OrderRejected", "RefundRequested")));
    assertSettled(
        () -> {
          assertThat(types(orderId)).containsExactlyInAnyOrder("OrderRejected", "RefundRequested");
          JsonNode refund = event(orderId, "RefundRequested");
          assertThat(refund.get("cancelsOrder").asBoolean()).isTrue();
          assertThat(refund.get("reason").asText()).contains("rejected");
        });
  }

  @Test
  void paymentDuringAStockShortageReviewLongerThanItsTtl_isAppliedAfterTheRetry() {
    String orderId = newOrderId();
    kafka.send(ORDERS_PLACED, orderId, OrderJson.orderPlaced(orderId, sku, 102));
    kafka.send(
        PAYMENTS_CAPTURED, orderId, OrderJson.payment(orderId, "pay-" + orderId, "psp-" + orderId));
    UserTasks.Task review = awaitTask(orderId, OrderProcess.USER_TASK_RESOLVE_STOCK_SHORTAGE);
    await().until(() -> ledger.state("psp-" + orderId), s -> s.equals(Optional.of("CAPTURED")));

    // the desk takes four hours (its due time); the payment message's TTL (PT2H) runs out
    engine.increaseTime(Duration.ofHours(4));
    inventory.restock(sku, 10);
    tasklist.complete(
        review, Map.of(OrderProcess.VAR_SHORTAGE_DECISION, OrderProcess.DECISION_RETRY));

    awaitMovingTheClock(() -> types(orderId).contains("OrderConfirmed"));
    awaitMovingTheClock(() -> ledger.state("psp-" + orderId).equals(Optional.of("APPLIED")));
    assertSettled(() -> assertThat(types(orderId)).containsExactly("OrderConfirmed"));
  }

  @Test
  void paymentWaitingForItsOpenOrder_doesNotLookAgainMeanwhile_andIsWokenByTheOrdersDecision() {
    String orderId = newOrderId();
    String paymentId = "psp-" + orderId;
    kafka.send(ORDERS_PLACED, orderId, OrderJson.orderPlaced(orderId, sku, 102));
    kafka.send(PAYMENTS_CAPTURED, orderId, OrderJson.payment(orderId, "pay-" + orderId, paymentId));
    UserTasks.Task review = awaitTask(orderId, OrderProcess.USER_TASK_RESOLVE_STOCK_SHORTAGE);
    long payment =
        await()
            .until(
                () -> engine.instancesStartedFor(PaymentProcess.PROCESS_ID, paymentId),
                i -> !i.isEmpty())
            .getFirst();
    await().until(() -> waitsForItsOrder(payment), n -> n == 1);

    // the orphan grace ends while the desk reviews the order: the payment settles once more and,
    // its order still open, waits for it again
    engine.increaseTime(Duration.ofMinutes(11));
    await().until(() -> waitsForItsOrder(payment), n -> n == 2);
    // an hour of the order desk's review: the payment costs nothing while it waits
    for (int minute = 0; minute < 50; minute++) {
      engine.increaseTime(RECHECK);
    }
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(settleJobs(payment)).isEqualTo(2));

    inventory.restock(sku, 200);
    tasklist.complete(
        review, Map.of(OrderProcess.VAR_SHORTAGE_DECISION, OrderProcess.DECISION_RETRY));

    // no clock moves: the order's claim wakes the payment, which ends applied
    await().until(() -> ledger.state(paymentId), s -> s.equals(Optional.of("APPLIED")));
    await().until(() -> endedAt(payment, PaymentProcess.END_PAYMENT_APPLIED));
    assertThat(settleJobs(payment)).isEqualTo(3);
    assertSettled(() -> assertThat(types(orderId)).containsExactly("OrderConfirmed"));
  }

  @Test
  void redeliveredPaymentRecords_changeNothing() {
    String orderId = newOrderId();
    String payment = OrderJson.payment(orderId, "pay-" + orderId, "psp-" + orderId);
    kafka.send(ORDERS_PLACED, orderId, OrderJson.orderPlaced(orderId, sku, 1));
    kafka.send(PAYMENTS_CAPTURED, orderId, payment);
    kafka.send(PAYMENTS_CAPTURED, orderId, payment);
    awaitMovingTheClock(() -> types(orderId).contains("OrderConfirmed"));
    // the payment service reports the same payment again, with a new event id
    kafka.send(
        PAYMENTS_CAPTURED,
        orderId,
        OrderJson.payment(orderId, "pay-again-" + orderId, "psp-" + orderId));

    awaitMovingTheClock(() -> ledger.state("psp-" + orderId).equals(Optional.of("APPLIED")));
    for (int i = 0; i < 15; i++) {
      engine.increaseTime(RECHECK); // let every payment process settle again
    }
    assertSettled(() -> assertThat(types(orderId)).containsExactly("OrderConfirmed"));
    assertThat(engine.instancesStartedFor(orderId)).hasSize(1);
  }

  @Test
  void keyAndPayloadNamingDifferentOrders_isDeadLetteredWithTheReason_andStartsNothing() {
    String keyOrder = newOrderId();
    String payloadOrder = newOrderId();
    kafka.send(ORDERS_PLACED, keyOrder, OrderJson.orderPlaced(payloadOrder, sku, 1));
    kafka.send(
        PAYMENTS_CAPTURED,
        keyOrder,
        OrderJson.payment(payloadOrder, "pay-" + payloadOrder, "psp-" + payloadOrder));

    for (String topic : List.of(ORDERS_PLACED, PAYMENTS_CAPTURED)) {
      List<ConsumerRecord<String, String>> dead =
          kafka.awaitRecords(topic + ".DLT", r -> keyOrder.equals(r.key()));
      assertThat(dead).hasSize(1);
      assertThat(header(dead.getFirst(), "orderflow-dlt-reason"))
          .contains("record key " + keyOrder)
          .contains(payloadOrder)
          .contains("name different orders");
    }
    // a later good record on the same topics went through: nothing is stuck behind them
    String next = newOrderId();
    kafka.send(ORDERS_PLACED, next, OrderJson.orderPlaced(next, sku, 1));
    kafka.send(PAYMENTS_CAPTURED, next, OrderJson.payment(next, "pay-" + next, "psp-" + next));
    awaitMovingTheClock(() -> types(next).contains("OrderConfirmed"));

    assertThat(engine.instancesStartedFor(keyOrder)).isEmpty();
    assertThat(engine.instancesStartedFor(payloadOrder)).isEmpty();
    assertThat(ledger.state("psp-" + payloadOrder)).isEmpty();
    assertThat(types(keyOrder)).isEmpty();
    assertThat(types(payloadOrder)).isEmpty();
  }

  private ProducerRecord<String, String> placed(String orderId, Instant at) {
    return new ProducerRecord<>(
        ORDERS_PLACED, null, at.toEpochMilli(), orderId, OrderJson.orderPlaced(orderId, sku, 1));
  }

  private static ProducerRecord<String, String> paid(String orderId, Instant at) {
    return new ProducerRecord<>(
        PAYMENTS_CAPTURED,
        null,
        at.toEpochMilli(),
        orderId,
        OrderJson.payment(orderId, "pay-" + orderId, "psp-" + orderId));
  }

  /**
   * Waits for the condition, moving the engine clock on by the recheck interval at each look:
   * payments and windows that wait are looked at again on the engine clock.
   */
  private void awaitMovingTheClock(Callable<Boolean> condition) {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              engine.increaseTime(RECHECK);
              return condition.call();
            });
  }

  /** How often the payment process has started waiting for its order's decision. */
  private long waitsForItsOrder(long paymentInstance) {
    return stream(engine.records().processInstanceRecords())
        .filter(r -> r.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATED)
        .filter(r -> r.getValue().getProcessInstanceKey() == paymentInstance)
        .filter(r -> r.getValue().getElementId().equals(PaymentProcess.GATEWAY_WAIT_FOR_ORDER))
        .count();
  }

  /** How many times the payment process has settled its payment (jobs created). */
  private long settleJobs(long paymentInstance) {
    return stream(engine.records().jobRecords())
        .filter(r -> r.getIntent() == JobIntent.CREATED)
        .filter(r -> r.getValue().getProcessInstanceKey() == paymentInstance)
        .filter(r -> r.getValue().getType().equals(PaymentProcess.JOB_SETTLE_PAYMENT))
        .count();
  }

  private boolean endedAt(long paymentInstance, String endEvent) {
    return stream(engine.records().processInstanceRecords())
        .filter(r -> r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED)
        .filter(r -> r.getValue().getProcessInstanceKey() == paymentInstance)
        .anyMatch(r -> r.getValue().getElementId().equals(endEvent));
  }

  private static <T> Stream<T> stream(Iterable<T> records) {
    return StreamSupport.stream(records.spliterator(), false);
  }

  /** Holds for two seconds more, so a second event would show up. */
  private static void assertSettled(Runnable assertion) {
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(assertion::run);
  }

  private UserTasks.Task awaitTask(String orderId, String elementId) {
    long instance =
        await().until(() -> engine.instancesStartedFor(orderId), i -> !i.isEmpty()).getFirst();
    return await()
        .until(() -> tasklist.open(instance, elementId), Optional::isPresent)
        .orElseThrow();
  }

  /** The types of the events on orders.events for this order, in order. */
  private List<String> types(String orderId) {
    return types(eventsByOrder(), orderId);
  }

  private static List<String> types(
      Map<String, List<ConsumerRecord<String, String>>> events, String orderId) {
    return events.getOrDefault(orderId, List.of()).stream()
        .map(r -> header(r, KafkaOrderEvents.TYPE_HEADER))
        .toList();
  }

  /** orders.events read once, by order id. */
  private Map<String, List<ConsumerRecord<String, String>>> eventsByOrder() {
    return kafka.readAll(ORDERS_EVENTS).stream()
        .collect(java.util.stream.Collectors.groupingBy(ConsumerRecord::key));
  }

  private JsonNode event(String orderId, String type) {
    return event(eventsByOrder(), orderId, type);
  }

  private JsonNode event(
      Map<String, List<ConsumerRecord<String, String>>> events, String orderId, String type) {
    List<ConsumerRecord<String, String>> found =
        events.getOrDefault(orderId, List.of()).stream()
            .filter(r -> type.equals(header(r, KafkaOrderEvents.TYPE_HEADER)))
            .toList();
    assertThat(found).hasSize(1);
    try {
      JsonNode event = json.readTree(found.getFirst().value());
      assertThat(event.get("orderId").asText()).isEqualTo(orderId);
      return event;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> newOrderIds(int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(newOrderId());
    }
    return ids;
  }

  private static String newOrderId() {
    return "order-" + UUID.randomUUID();
  }
}
