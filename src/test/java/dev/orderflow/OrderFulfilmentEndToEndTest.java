package dev.orderflow;

import static dev.orderflow.testing.OrderflowKafka.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.inventory.InventoryService;
import dev.orderflow.kafka.KafkaOrderEvents;
import dev.orderflow.testing.EmbeddedEngine;
import dev.orderflow.testing.OrderJson;
import dev.orderflow.testing.OrderflowIntegrationTest;
import dev.orderflow.testing.OrderflowKafka;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * The whole application, booted against embedded Kafka and the in-memory engine: records in,
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

  @Value("${spring.kafka.bootstrap-servers}")
  String bootstrapServers;

  OrderflowKafka kafka;
  String sku;

  @BeforeEach
  void setUp() {
    kafka = new OrderflowKafka(bootstrapServers);
    sku = "SKU-" + UUID.randomUUID();
    inventory.restock(sku, 10);
  }

  @AfterEach
  void tearDown() {
    kafka.close();
  }

  @Test
  void paymentCaptured_confirmsOrder_andOrderConfirmedAppearsExactlyOnce() {
    String orderId = newOrderId();
    kafka.send(ORDERS_PLACED, orderId, OrderJson.orderPlaced(orderId, sku, 3));
    await().until(() -> inventory.status(orderId), s -> s.equals(Optional.of("RESERVED")));
    kafka.send(PAYMENTS_CAPTURED, orderId, OrderJson.paymentCaptured(orderId));

    ConsumerRecord<String, String> confirmed = awaitOutcome(orderId);
    assertThat(header(confirmed, KafkaOrderEvents.TYPE_HEADER)).isEqualTo("OrderConfirmed");
    assertThat(header(confirmed, KafkaOrderEvents.EVENT_ID_HEADER)).isEqualTo(orderId + ":confirmed");
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
    String orderId = newOrderId();
    kafka.send(ORDERS_PLACED, orderId, OrderJson.orderPlaced(orderId, sku, 4));
    await().until(() -> inventory.status(orderId), s -> s.equals(Optional.of("RESERVED")));
    assertThat(inventory.available(sku)).isEqualTo(6);

    engine.increaseTime(Duration.ofHours(2));

    ConsumerRecord<String, String> timedOut = awaitOutcome(orderId);
    assertThat(header(timedOut, KafkaOrderEvents.TYPE_HEADER)).isEqualTo("OrderTimedOut");
    assertThat(inventory.status(orderId)).contains("RELEASED");
    assertThat(inventory.available(sku)).isEqualTo(10);
    assertExactlyOneOutcome(orderId);
  }

  @Test
  void orderForMoreThanInStock_isRejectedWithTheReason() {
    String orderId = newOrderId();
    kafka.send(ORDERS_PLACED, orderId, OrderJson.orderPlaced(orderId, sku, 11));

    ConsumerRecord<String, String> rejected = awaitOutcome(orderId);
    assertThat(header(rejected, KafkaOrderEvents.TYPE_HEADER)).isEqualTo("OrderRejected");
    assertThat(rejected.value()).contains("out of stock").contains(sku);
    assertThat(inventory.available(sku)).isEqualTo(10);
    assertThat(inventory.status(orderId)).isEmpty();
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
            () -> kafka.readAll(ORDERS_EVENTS).stream().filter(r -> orderId.equals(r.key())).count(),
            count -> count == 1);
  }
}
