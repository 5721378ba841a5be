package dev.orderflow;

import static dev.orderflow.testing.OrderflowKafka.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.inventory.InventoryService;
import dev.orderflow.kafka.KafkaOrderEvents;
import dev.orderflow.testing.EmbeddedEngineInitializer;
import dev.orderflow.testing.OrderJson;
import dev.orderflow.testing.OrderflowKafka;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The end-to-end path on a real Kafka broker in a container (the image docker-compose.yml pins),
 * for those who have Docker. Skipped where there is no Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest
@ContextConfiguration(initializers = EmbeddedEngineInitializer.class)
@ActiveProfiles("test")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS) // as OrderflowIntegrationTest
class OrderFulfilmentOnKafkaContainerTest {

  @Container
  static final KafkaContainer KAFKA =
      new KafkaContainer(DockerImageName.parse("apache/kafka:3.9.1"));

  @DynamicPropertySource
  static void kafka(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", KAFKA::getBootstrapServers);
  }

  @Autowired InventoryService inventory;

  @Test
  void paymentCaptured_confirmsOrder_andOrderConfirmedAppearsExactlyOnce() {
    String sku = "SKU-" + UUID.randomUUID();
    inventory.restock(sku, 5);
    String orderId = "order-" + UUID.randomUUID();
    try (OrderflowKafka kafka = new OrderflowKafka(KAFKA.getBootstrapServers())) {
      kafka.send("orders.placed", orderId, OrderJson.orderPlaced(orderId, sku, 2));
      await().until(() -> inventory.status(orderId), s -> s.equals(Optional.of("RESERVED")));
      kafka.send("payments.captured", orderId, OrderJson.paymentCaptured(orderId));

      List<ConsumerRecord<String, String>> events =
          kafka.awaitRecords("orders.events", r -> orderId.equals(r.key()));
      assertThat(events).hasSize(1);
      assertThat(header(events.getFirst(), KafkaOrderEvents.TYPE_HEADER))
          .isEqualTo("OrderConfirmed");
      assertThat(inventory.available(sku)).isEqualTo(3);
    }
  }
}
