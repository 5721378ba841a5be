package dev.orderflow.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doThrow;

import dev.orderflow.inventory.InventoryService;
import dev.orderflow.testing.EmbeddedEngine;
import dev.orderflow.testing.OrderJson;
import dev.orderflow.testing.OrderflowIntegrationTest;
import dev.orderflow.testing.OrderflowKafka;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.IncidentIntent;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * A worker that keeps failing uses up its retries (one attempt and three retries), and the engine
 * raises an incident whose message says which job failed, for which order, and why: what an
 * operator reads in Operate.
 */
@OrderflowIntegrationTest
// no backoff between attempts here (the backoff itself is JobFailurePolicyTest's): under load the
// in-memory engine was seen to leave a backed-off job unactivated past the test's wait
@TestPropertySource(
    properties = {"orderflow.jobs.initial-backoff=0s", "orderflow.jobs.max-backoff=0s"})
class FailingJobIncidentTest {

  @MockitoSpyBean OrderEvents events;
  @Autowired EmbeddedEngine engine;
  @Autowired InventoryService inventory;

  // this context's broker: @EmbeddedKafka also sets spring.kafka.bootstrap-servers as a system
  // property, which names whichever broker started last once several contexts are cached
  @Autowired EmbeddedKafkaBroker broker;

  @Test
  void workerFailingFourTimes_raisesAnIncidentNamingTheJobTheOrderAndTheCause() {
    String sku = "SKU-" + UUID.randomUUID();
    inventory.restock(sku, 1);
    String orderId = "order-" + UUID.randomUUID();
    doThrow(new IllegalStateException("broker unreachable (test)"))
        .when(events)
        .publish(argThat(e -> e.orderId().equals(orderId)));

    try (OrderflowKafka kafka = new OrderflowKafka(broker.getBrokersAsString())) {
      kafka.send("orders.placed", orderId, OrderJson.orderPlaced(orderId, sku, 1));
      kafka.send("payments.captured", orderId, OrderJson.paymentCaptured(orderId));
    }

    long instance =
        await().until(() -> engine.instancesStartedFor(orderId), i -> !i.isEmpty()).getFirst();
    IncidentRecordValue incident =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    StreamSupport.stream(engine.records().incidentRecords().spliterator(), false)
                        .filter(r -> r.getIntent() == IncidentIntent.CREATED)
                        .map(Record::getValue)
                        .filter(v -> v.getProcessInstanceKey() == instance)
                        .findFirst(),
                java.util.Optional::isPresent)
            .orElseThrow();

    assertThat(incident.getElementId()).isEqualTo(OrderProcess.TASK_PUBLISH_ORDER_CONFIRMED);
    assertThat(incident.getErrorMessage())
        .contains("publish-order-confirmed failed for order " + orderId)
        .contains("broker unreachable (test)");
    long failures =
        StreamSupport.stream(engine.records().jobRecords().spliterator(), false)
            .filter(r -> r.getIntent() == JobIntent.FAILED)
            .filter(r -> r.getValue().getProcessInstanceKey() == instance)
            .count();
    assertThat(failures).as("attempts before the incident").isEqualTo(4);
  }
}
