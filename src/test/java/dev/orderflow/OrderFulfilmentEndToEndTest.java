package dev.orderflow;

import static dev.orderflow.testing.OrderflowKafka.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.config.UnauthenticatedCalls;
import dev.orderflow.inventory.InventoryService;
import dev.orderflow.kafka.KafkaOrderEvents;
import dev.orderflow.order.OrderProcess;
import dev.orderflow.testing.EmbeddedEngine;
import dev.orderflow.testing.OrderJson;
import dev.orderflow.testing.OrderflowIntegrationTest;
import dev.orderflow.testing.OrderflowKafka;
import dev.orderflow.testing.UserTasks;
import io.camunda.client.CamundaClient;
import io.camunda.client.CamundaClientConfiguration;
import io.camunda.client.impl.NoopCredentialsProvider;
import io.camunda.zeebe.protocol.record.intent.TimerIntent;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/**
 * The whole application, booted against embedded Kafka and the embedded engine: records in,
 * process, events out. Every test brings its orders to an end, so moving the shared engine's clock
 * cannot disturb another test.
 */
@OrderflowIntegrationTest
class OrderFulfilmentEndToEndTest {

  static final String ORDERS_PLACED = "orders.placed";
  static final String PAYMENTS_CAPTURED = "payments.captured";
  static final String ORDERS_EVENTS = "orders.events";

  @Autowired InventoryService inventory;
  @Autowired EmbeddedEngine engine;

  // this context's broker: @EmbeddedKafka also sets spring.kafka.bootstrap-servers as a system
  // property, which names whichever broker started last once several contexts are cached
  @Autowired EmbeddedKafkaBroker broker;

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
    inventory.restock(sku, 10);
  }

  @AfterEach
  void tearDown() {
    client.close();
    kafka.close();
  }

  @Test
  void theApplicationsClient_authenticatesWithNothing_andItsCallsSkipTheEmptyCredentialsStep(
      @Autowired CamundaClientConfiguration camunda) {
    assertThat(camunda.getCredentialsProvider()).isInstanceOf(NoopCredentialsProvider.class);
    assertThat(camunda.getInterceptors()).hasAtLeastOneElementOfType(UnauthenticatedCalls.class);
  }

  @Test
  void paymentCaptured_confirmsOrder_andOrderConfirmedAppearsExactlyOnce() {
    String orderId = newOrderId();
    kafka.send(ORDERS_PLACED, orderId, OrderJson.orderPlaced(orderId, sku, 3));
    await().until(() -> inventory.status(orderId), s -> s.equals(Optional.of("RESERVED")));
    kafka.send(PAYMENTS_CAPTURED, orderId, OrderJson.paymentCaptured(orderId));

    ConsumerRecord<String, String> confirmed = awaitOutcome(orderId);
    assertThat(header(confirmed, KafkaOrderEvents.TYPE_HEADER)).isEqualTo("OrderConfirmed");
    assertThat(header(confirmed, KafkaOrderEvents.EVENT_ID_HEADER))
        .isEqualTo(orderId + ":confirmed");
    assertThat(confirmed.value())
        .contains("\"eventId\":\"" + orderId + ":confirmed\"")
        .contains("\"type\":\"OrderConfirmed\"");
    assertThat(inventory.available(sku)).isEqualTo(7);
    assertExactlyOneOutcome(orderId);
  }

  @Test
  void paymentBeforeTheOrderWaits_isHeldAndStillConfirms() {
    String orderId = newOrderId();
    kafka.send(PAYMENTS_CAPTURED, orderId, OrderJson.paymentCaptured(orderId));
    kafka.send(ORDERS_PLACED, orderId, OrderJson.orderPlaced(orderId, sku, 1));

    assertThat(header(awaitOutcome(orderId), KafkaOrderEvents.TYPE_HEADER))
        .isEqualTo("OrderConfirmed");
    assertExactlyOneOutcome(orderId);
  }

  @Test
  void duplicateRecords_changeNothing() {
    String orderId = newOrderId();
    kafka.send(ORDERS_PLACED, orderId, OrderJson.orderPlaced(orderId, sku, 2));
    kafka.send(ORDERS_PLACED, orderId, OrderJson.orderPlaced(orderId, sku, 2));
    await().until(() -> inventory.status(orderId), s -> s.equals(Optional.of("RESERVED")));
    kafka.send(PAYMENTS_CAPTURED, orderId, OrderJson.paymentCaptured(orderId));
    kafka.send(PAYMENTS_CAPTURED, orderId, OrderJson.paymentCaptured(orderId));

    awaitOutcome(orderId);
    assertExactlyOneOutcome(orderId);
    assertThat(engine.instancesStartedFor(orderId)).hasSize(1);
    assertThat(inventory.available(sku)).isEqualTo(8);
  }

  @Test
  void noPaymentWithinTwoHours_releasesInventoryAndPublishesTimedOut() {
    // the window ends two hours after the placement plus the timeout grace (a minute)
    String orderId = newOrderId();
    kafka.send(ORDERS_PLACED, orderId, OrderJson.orderPlaced(orderId, sku, 4));
    await().until(() -> inventory.status(orderId), s -> s.equals(Optional.of("RESERVED")));
    assertThat(inventory.available(sku)).isEqualTo(6);
    // the stock is taken when the worker's transaction commits; the payment window's timer
    // exists only once the engine has the job's completion: move the clock after that
    long instance =
        await().until(() -> engine.instancesStartedFor(orderId), i -> !i.isEmpty()).getFirst();
    await()
        .until(
            () ->
                StreamSupport.stream(engine.records().timerRecords().spliterator(), false)
                    .anyMatch(
                        t ->
                            t.getIntent() == TimerIntent.CREATED
                                && t.getValue().getProcessInstanceKey() == instance));

    engine.increaseTime(Duration.ofHours(2).plusMinutes(1));

    ConsumerRecord<String, String> timedOut = awaitOutcome(orderId);
    assertThat(header(timedOut, KafkaOrderEvents.TYPE_HEADER)).isEqualTo("OrderTimedOut");
    assertThat(inventory.status(orderId)).contains("RELEASED");
    assertThat(inventory.available(sku)).isEqualTo(10);
    assertExactlyOneOutcome(orderId);
  }

  @Test
  void stockShortage_rejectedByTheOrderDesk_publishesOrderRejectedWithTheReason() {
    String orderId = newOrderId();
    kafka.send(ORDERS_PLACED, orderId, OrderJson.orderPlaced(orderId, sku, 11));

    UserTasks.Task task = awaitTask(orderId, OrderProcess.USER_TASK_RESOLVE_STOCK_SHORTAGE);
    assertThat(task.formId()).isEqualTo(OrderProcess.FORM_RESOLVE_STOCK_SHORTAGE);
    assertThat(task.candidateGroups()).containsExactly("order-desk");
    assertThat(task.dueDate()).isNotBlank();
    tasklist.complete(
        task,
        Map.of(
            OrderProcess.VAR_SHORTAGE_DECISION,
            OrderProcess.DECISION_REJECT,
            OrderProcess.VAR_REJECTION_REASON,
            "cannot restock " + sku));

    ConsumerRecord<String, String> rejected = awaitOutcome(orderId);
    assertThat(header(rejected, KafkaOrderEvents.TYPE_HEADER)).isEqualTo("OrderRejected");
    assertThat(rejected.value()).contains("cannot restock " + sku);
    assertThat(inventory.available(sku)).isEqualTo(10);
    assertThat(inventory.status(orderId)).isEmpty();
    assertExactlyOneOutcome(orderId);
  }

  @Test
  void stockShortage_retriedAfterRestock_confirmsOrder() {
    String orderId = newOrderId();
    kafka.send(ORDERS_PLACED, orderId, OrderJson.orderPlaced(orderId, sku, 12));
    kafka.send(PAYMENTS_CAPTURED, orderId, OrderJson.paymentCaptured(orderId));

    UserTasks.Task task = awaitTask(orderId, OrderProcess.USER_TASK_RESOLVE_STOCK_SHORTAGE);
    inventory.restock(sku, 5);
    tasklist.complete(
        task, Map.of(OrderProcess.VAR_SHORTAGE_DECISION, OrderProcess.DECISION_RETRY));

    assertThat(header(awaitOutcome(orderId), KafkaOrderEvents.TYPE_HEADER))
        .isEqualTo("OrderConfirmed");
    assertThat(inventory.available(sku)).isEqualTo(3);
    assertExactlyOneOutcome(orderId);
  }

  @Test
  void paymentThatDiffersFromTheTotal_refundedByTheOrderDesk_requestsRefundAndReleasesStock() {
    String orderId = newOrderId();
    kafka.send(ORDERS_PLACED, orderId, OrderJson.orderPlaced(orderId, sku, 4));
    kafka.send(
        PAYMENTS_CAPTURED, orderId, OrderJson.paymentCaptured(orderId, "pay-" + orderId, "50.00"));

    UserTasks.Task task = awaitTask(orderId, OrderProcess.USER_TASK_REVIEW_PAYMENT);
    assertThat(task.formId()).isEqualTo(OrderProcess.FORM_REVIEW_PAYMENT);
    assertThat(inventory.available(sku)).isEqualTo(6);
    tasklist.complete(
        task,
        Map.of(
            OrderProcess.VAR_PAYMENT_DECISION,
            OrderProcess.DECISION_REFUND,
            OrderProcess.VAR_REFUND_REASON,
            "charged twice"));

    ConsumerRecord<String, String> refund = awaitOutcome(orderId);
    assertThat(header(refund, KafkaOrderEvents.TYPE_HEADER)).isEqualTo("RefundRequested");
    assertThat(refund.value())
        .contains("\"eventId\":\"" + orderId + ":refund-requested:psp-" + orderId + "\"")
        .contains("\"paymentId\":\"psp-" + orderId + "\"")
        .contains("\"cancelsOrder\":true")
        .contains("\"amount\":50.0")
        .contains("charged twice");
    await().until(() -> inventory.available(sku), available -> available == 10);
    assertThat(inventory.status(orderId)).contains("RELEASED");
    assertExactlyOneOutcome(orderId);
  }

  @Test
  void paymentThatDiffersFromTheTotal_acceptedByTheOrderDesk_confirmsOrder() {
    String orderId = newOrderId();
    kafka.send(ORDERS_PLACED, orderId, OrderJson.orderPlaced(orderId, sku, 1));
    kafka.send(
        PAYMENTS_CAPTURED, orderId, OrderJson.paymentCaptured(orderId, "pay-" + orderId, "24.99"));

    tasklist.complete(
        awaitTask(orderId, OrderProcess.USER_TASK_REVIEW_PAYMENT),
        Map.of(OrderProcess.VAR_PAYMENT_DECISION, OrderProcess.DECISION_ACCEPT));

    assertThat(header(awaitOutcome(orderId), KafkaOrderEvents.TYPE_HEADER))
        .isEqualTo("OrderConfirmed");
    assertExactlyOneOutcome(orderId);
  }

  @Test
  void malformedRecord_goesToTheDeadLetterTopic_andTheNextGoodRecordStillFlows() {
    String orderId = newOrderId();
    kafka.send(ORDERS_PLACED, orderId, OrderJson.orderPlaced(orderId, sku, 1));
    await().until(() -> inventory.status(orderId), s -> s.equals(Optional.of("RESERVED")));
    kafka.send(PAYMENTS_CAPTURED, orderId, "{ this is not json");
    kafka.send(PAYMENTS_CAPTURED, orderId, OrderJson.paymentCaptured(orderId));

    List<ConsumerRecord<String, String>> dead =
        kafka.awaitRecords(PAYMENTS_CAPTURED + ".DLT", r -> orderId.equals(r.key()));
    assertThat(dead).hasSize(1);
    assertThat(dead.getFirst().value()).isEqualTo("{ this is not json");
    assertThat(header(dead.getFirst(), "orderflow-dlt-reason")).startsWith("not JSON");
    assertThat(header(dead.getFirst(), "kafka_dlt-original-topic")).isEqualTo(PAYMENTS_CAPTURED);
    assertThat(header(awaitOutcome(orderId), KafkaOrderEvents.TYPE_HEADER))
        .isEqualTo("OrderConfirmed");
  }

  @Test
  void malformedOrderLines_areRejectedWithTheReason_neverCoercedNorAnIncident() {
    Map<String, String> itemsByOrder = new LinkedHashMap<>();
    Map<String, String> reasonByOrder = new LinkedHashMap<>();
    malformed(itemsByOrder, reasonByOrder, line(sku, "2.7"), "quantity 2.7 is not a whole number");
    malformed(itemsByOrder, reasonByOrder, line(sku, "true"), "quantity true is not a number");
    malformed(
        itemsByOrder, reasonByOrder, line(sku, "\"many\""), "quantity \"many\" is not a number");
    malformed(
        itemsByOrder, reasonByOrder, line(sku, "3000000000"), "quantity 3000000000 is more than");
    malformed(itemsByOrder, reasonByOrder, line(sku, "0"), "quantity 0 is not positive");
    malformed(itemsByOrder, reasonByOrder, "\"A\"", "line 1 is not an object");
    malformed(itemsByOrder, reasonByOrder, "null", "line 1 is not an object");
    malformed(itemsByOrder, reasonByOrder, line(" ", "1"), "line 1 has no SKU");
    malformed(
        itemsByOrder,
        reasonByOrder,
        line(sku, "6000") + "," + line(sku, "6000"),
        "asks for 12000 of " + sku + ", more than");
    for (Map.Entry<String, String> order : itemsByOrder.entrySet()) {
      kafka.send(
          ORDERS_PLACED,
          order.getKey(),
          """
          {"eventId":"placed-%1$s","orderId":"%1$s","items":[%2$s],"total":25.00}"""
              .formatted(order.getKey(), order.getValue()));
    }

    for (Map.Entry<String, String> order : reasonByOrder.entrySet()) {
      ConsumerRecord<String, String> outcome = awaitOutcome(order.getKey());
      assertThat(header(outcome, KafkaOrderEvents.TYPE_HEADER))
          .as("outcome of items [%s]", itemsByOrder.get(order.getKey()))
          .isEqualTo("OrderRejected");
      assertThat(outcome.value())
          .as("reason for items [%s]", itemsByOrder.get(order.getKey()))
          .contains(order.getValue().replace("\"", "\\\""));
      assertThat(inventory.status(order.getKey())).as("reservation").isEmpty();
    }
    assertThat(inventory.available(sku)).isEqualTo(10);
  }

  private static String line(String sku, String quantity) {
    return "{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}";
  }

  private static void malformed(
      Map<String, String> items, Map<String, String> reasons, String lines, String reason) {
    String orderId = newOrderId();
    items.put(orderId, lines);
    reasons.put(orderId, reason);
  }

  private UserTasks.Task awaitTask(String orderId, String elementId) {
    long instance =
        await().until(() -> engine.instancesStartedFor(orderId), i -> !i.isEmpty()).getFirst();
    return await()
        .until(() -> tasklist.open(instance, elementId), Optional::isPresent)
        .orElseThrow();
  }

  private static String newOrderId() {
    return "order-" + UUID.randomUUID();
  }

  private ConsumerRecord<String, String> awaitOutcome(String orderId) {
    return kafka.awaitRecords(ORDERS_EVENTS, r -> orderId.equals(r.key())).getFirst();
  }

  /** Waits a little to let a second outcome show up if there were one. */
  private void assertExactlyOneOutcome(String orderId) {
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                kafka.readAll(ORDERS_EVENTS).stream().filter(r -> orderId.equals(r.key())).count(),
            count -> count == 1);
  }
}
