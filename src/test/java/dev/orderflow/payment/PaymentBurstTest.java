package dev.orderflow.payment;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.context.TestPropertySource;

/**
 * A burst: {@value #ORDERS} orders placed and paid at once, with a payment window (one second) far
 * shorter than the time the bridge, the engine and the workers take to get through them. Every
 * order was paid a moment after it was placed, so every one is confirmed, exactly once, and every
 * payment is applied.
 */
@OrderflowIntegrationTest
@TestPropertySource(
    properties = {
      "orderflow.payment-timeout=PT1S",
      "orderflow.payment.timeout-grace=PT1S",
      "orderflow.payment.recheck-interval=PT1S",
      // far shorter than the burst: a payment's order is taken in and reserved long after it,
      // and the payment waits because the order has arrived, or may still be in Kafka
      "orderflow.payment.orphan-grace=PT5S"
    })
class PaymentBurstTest {

  static final int ORDERS = 1_000;

  private static final Logger log = LoggerFactory.getLogger(PaymentBurstTest.class);

  @Autowired InventoryService inventory;
  @Autowired PaymentLedger ledger;
  @Autowired EmbeddedEngine engine;
  @Autowired EmbeddedKafkaBroker broker;

  @Test
  void burstOfOrdersPlacedAndPaidAtOnce_longerThanTheWindow_everyOneConfirmedExactlyOnce() {
    String sku = "SKU-" + UUID.randomUUID();
    inventory.restock(sku, ORDERS);
    List<String> orderIds = new ArrayList<>();
    List<ProducerRecord<String, String>> burst = new ArrayList<>();
    for (int i = 0; i < ORDERS; i++) {
      String orderId = "burst-" + i + "-" + UUID.randomUUID();
      orderIds.add(orderId);
      burst.add(
          new ProducerRecord<>("orders.placed", orderId, OrderJson.orderPlaced(orderId, sku, 1)));
      burst.add(
          new ProducerRecord<>(
              "payments.captured",
              orderId,
              OrderJson.payment(orderId, "pay-" + orderId, "psp-" + orderId)));
    }
    try (OrderflowKafka kafka = new OrderflowKafka(broker.getBrokersAsString())) {
      Instant start = Instant.now();
      kafka.sendAll(burst);
      Set<String> expected = Set.copyOf(orderIds);
      await()
          .atMost(Duration.ofMinutes(10))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> outcomes(kafka, expected).size(), count -> count >= ORDERS);
      Duration took = Duration.between(start, Instant.now());
      log.info("Burst of {} orders ({} records) confirmed in {}", ORDERS, burst.size(), took);
      assertThat(took).as("the burst outlasted its window").isGreaterThan(Duration.ofSeconds(2));

      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                Map<String, List<String>> byOrder = outcomes(kafka, expected);
                assertThat(byOrder).hasSize(ORDERS);
                assertThat(byOrder.values())
                    .allMatch(types -> types.equals(List.of("OrderConfirmed")));
              });
      // and no money kept or sent back: each payment's own process ended with it applied
      await()
          .atMost(Duration.ofMinutes(2))
          .untilAsserted(
              () ->
                  assertThat(orderIds)
                      .allSatisfy(
                          orderId ->
                              assertThat(ledger.state("psp-" + orderId)).contains("APPLIED")));
    }
  }

  private static Map<String, List<String>> outcomes(OrderflowKafka kafka, Set<String> orderIds) {
    return kafka.readAll("orders.events").stream()
        .filter(r -> orderIds.contains(r.key()))
        .collect(
            Collectors.groupingBy(
                ConsumerRecord::key,
                Collectors.mapping(
                    r -> header(r, KafkaOrderEvents.TYPE_HEADER), Collectors.toList())));
  }
}
