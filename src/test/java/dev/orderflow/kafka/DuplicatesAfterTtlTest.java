package dev.orderflow.kafka;

import static dev.orderflow.order.OrderProcess.END_DUPLICATE_ORDER;
import static dev.orderflow.testing.OrderflowKafka.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.inventory.InventoryService;
import dev.orderflow.payment.PaymentProcess;
import dev.orderflow.testing.EmbeddedEngine;
import dev.orderflow.testing.OrderJson;
import dev.orderflow.testing.OrderflowIntegrationTest;
import dev.orderflow.testing.OrderflowKafka;
import io.camunda.zeebe.process.test.assertions.ProcessInstanceAssert;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.MessageIntent;
import io.camunda.zeebe.protocol.record.value.MessageRecordValue;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/**
 * The engine drops a repeated message id only while the first message is buffered. A redelivered
 * OrderPlaced and PaymentCaptured arriving after their TTL must still not produce a second business
 * outcome.
 */
@OrderflowIntegrationTest
class DuplicatesAfterTtlTest {

  @Autowired InventoryService inventory;
  @Autowired EmbeddedEngine engine;

  // this context's broker: @EmbeddedKafka also sets spring.kafka.bootstrap-servers as a system
  // property, which names whichever broker started last once several contexts are cached
  @Autowired EmbeddedKafkaBroker broker;

  @Test
  void orderPlacedAndPaymentRedeliveredAfterTheirTtl_stillExactlyOneOutcome() {
    String sku = "SKU-" + UUID.randomUUID();
    inventory.restock(sku, 10);
    String orderId = "order-" + UUID.randomUUID();
    String placed = OrderJson.orderPlaced(orderId, sku, 2);
    String paid = OrderJson.paymentCaptured(orderId);

    try (OrderflowKafka kafka = new OrderflowKafka(broker.getBrokersAsString())) {
      kafka.send("orders.placed", orderId, placed);
      await().until(() -> inventory.status(orderId), s -> s.equals(Optional.of("RESERVED")));
      kafka.send("payments.captured", orderId, paid);
      kafka.awaitRecords("orders.events", r -> orderId.equals(r.key()));

      // Past the TTL (PT2H) of both messages: the engine's expiry sweep runs on its clock, removes
      // them and forgets their ids.
      engine.increaseTime(Duration.ofHours(3));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> expired(Set.of("placed-" + orderId, "payment-" + orderId)));

      kafka.send("orders.placed", orderId, placed);
      kafka.send("payments.captured", orderId, paid);

      await().until(() -> engine.instancesStartedFor(orderId), instances -> instances.size() == 2);
      long redelivered = engine.instancesStartedFor(orderId).get(1);
      await()
          .untilAsserted(
              () ->
                  new ProcessInstanceAssert(redelivered, engine.records())
                      .hasPassedElement(END_DUPLICATE_ORDER)
                      .isCompleted());

      List<ConsumerRecord<String, String>> outcomes =
          await()
              .during(Duration.ofSeconds(2))
              .atMost(Duration.ofSeconds(15))
              .until(
                  () ->
                      kafka.readAll("orders.events").stream()
                          .filter(r -> orderId.equals(r.key()))
                          .toList(),
                  events -> events.size() == 1);
      assertThat(header(outcomes.getFirst(), KafkaOrderEvents.TYPE_HEADER))
          .isEqualTo("OrderConfirmed");
      assertThat(inventory.available(sku)).isEqualTo(8);
      assertThat(inventory.status(orderId)).contains("RESERVED");
    }
  }

  /**
   * Whether the engine expired the messages with these ids (EXPIRED records carry only the key).
   */
  private boolean expired(Set<String> messageIds) {
    List<Record<MessageRecordValue>> records =
        StreamSupport.stream(engine.records().messageRecords().spliterator(), false).toList();
    Set<Long> published =
        records.stream()
            .filter(r -> r.getIntent() == MessageIntent.PUBLISHED)
            // a payment's event id also names its PaymentReceived (the payment process's start)
            .filter(r -> !r.getValue().getName().equals(PaymentProcess.MESSAGE_PAYMENT_RECEIVED))
            .filter(r -> messageIds.contains(r.getValue().getMessageId()))
            .map(Record::getKey)
            .collect(Collectors.toSet());
    Set<Long> expired =
        records.stream()
            .filter(r -> r.getIntent() == MessageIntent.EXPIRED)
            .map(Record::getKey)
            .collect(Collectors.toSet());
    return published.size() == messageIds.size() && expired.containsAll(published);
  }
}
