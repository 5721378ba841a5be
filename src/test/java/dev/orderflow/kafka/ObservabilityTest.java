package dev.orderflow.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.inventory.InventoryService;
import dev.orderflow.testing.OrderJson;
import dev.orderflow.testing.OrderflowIntegrationTest;
import dev.orderflow.testing.OrderflowKafka;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.CompositeHealth;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/**
 * What an operator sees: the bridge's metrics and the health of Kafka, the engine and the bridge.
 */
@OrderflowIntegrationTest
@AutoConfigureObservability(tracing = false) // metrics export as in production (Prometheus)
class ObservabilityTest {

  @Autowired MeterRegistry metrics;
  @Autowired PrometheusMeterRegistry prometheus;
  @Autowired HealthEndpoint health;
  @Autowired InventoryService inventory;

  // this context's broker: @EmbeddedKafka also sets spring.kafka.bootstrap-servers as a system
  // property, which names whichever broker started last once several contexts are cached
  @Autowired EmbeddedKafkaBroker broker;

  @Test
  void aProcessedRecord_isCountedTimedAndLagIsMeasured() {
    String sku = "SKU-" + UUID.randomUUID();
    inventory.restock(sku, 1);
    String orderId = "order-" + UUID.randomUUID();
    double publishedBefore = count("orders.placed", "published");
    try (OrderflowKafka kafka = new OrderflowKafka(broker.getBrokersAsString())) {
      kafka.send("orders.placed", orderId, OrderJson.orderPlaced(orderId, sku, 1));
      kafka.send("orders.placed", "", "not json");
    }
    await().until(() -> inventory.status(orderId), s -> s.equals(Optional.of("RESERVED")));

    await().until(() -> count("orders.placed", "received"), received -> received >= 2);
    assertThat(count("orders.placed", "published")).isEqualTo(publishedBefore + 1);
    await().until(() -> count("orders.placed", "dead-lettered"), n -> n >= 1);
    Timer latency = metrics.get("orderflow.inbound.publish").tag("route", "orders.placed").timer();
    assertThat(latency.count()).isPositive();
    assertThat(prometheus.scrape())
        .as("latency histogram, as Prometheus scrapes it")
        .contains("orderflow_inbound_publish_seconds_bucket{")
        .contains("route=\"orders.placed\"");
    // every message sent to the engine was answered: nothing is left counted as in flight
    await()
        .untilAsserted(
            () ->
                assertThat(metrics.get("orderflow.inbound.in-flight").gauge().value())
                    .as("messages in flight once the bridge drained")
                    .isZero());
    assertThat(metrics.find("kafka.consumer.fetch.manager.records.lag.max").gauges())
        .as("consumer lag")
        .isNotEmpty();
  }

  @Test
  void health_showsKafkaTheEngineAndTheBridge() {
    await()
        .untilAsserted(
            () -> {
              CompositeHealth all = (CompositeHealth) health.health();
              assertThat(all.getComponents())
                  .containsKeys("kafka", "inboundBridge", "camundaClient");
              assertThat(all.getComponents().get("kafka").getStatus()).isEqualTo(Status.UP);
              assertThat(all.getComponents().get("inboundBridge").getStatus()).isEqualTo(Status.UP);
              assertThat(all.getComponents().get("camundaClient").getStatus()).isEqualTo(Status.UP);
              assertThat(all.getStatus()).isEqualTo(Status.UP);
            });
  }

  private double count(String route, String outcome) {
    return BridgeMeters.records(metrics, route, outcome);
  }
}
