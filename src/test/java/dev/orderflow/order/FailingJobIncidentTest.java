package dev.orderflow.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doThrow;

import dev.orderflow.inventory.InventoryService;
import dev.orderflow.kafka.KafkaConnectorWorker;
import dev.orderflow.testing.EmbeddedEngine;
import dev.orderflow.testing.OrderJson;
import dev.orderflow.testing.OrderflowIntegrationTest;
import dev.orderflow.testing.OrderflowKafka;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.IncidentIntent;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * A worker that keeps failing uses up its retries (one attempt and three retries), and the engine
 * raises an incident whose message says which job failed, for which order, and why: what an
 * operator reads in Operate. A publishing task (the model's Kafka connector) fails when the broker
 * does not acknowledge.
 */
@OrderflowIntegrationTest
// no backoff between attempts here (the backoff itself is JobFailurePolicyTest's): under load the
// in-memory engine was seen to leave a backed-off job unactivated past the test's wait
@TestPropertySource(
    properties = {"orderflow.jobs.initial-backoff=0s", "orderflow.jobs.max-backoff=0s"})
class FailingJobIncidentTest {

  @MockitoSpyBean InventoryService inventory;
  @Autowired EmbeddedEngine engine;

  // this context's broker: @EmbeddedKafka also sets spring.kafka.bootstrap-servers as a system
  // property, which names whichever broker started last once several contexts are cached
  @Autowired EmbeddedKafkaBroker broker;

  /**
   * The real sender against a broker that refuses the write (the topic takes no record of this
   * size): the broker's answer comes after the send call has returned, so only a sender that waits
   * for the acknowledgement fails the job. Every attempt fails, and the incident names the broker's
   * reason; the order's instance never completes as if the event had been written.
   */
  @Test
  void brokerRefusingTheOutcomeEvent_failsThePublishingJob_untilAnIncident_neverCompletesIt()
      throws Exception {
    String sku = "SKU-" + UUID.randomUUID();
    inventory.restock(sku, 1);
    String orderId = "order-" + UUID.randomUUID();
    try (Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
        OrderflowKafka kafka = new OrderflowKafka(broker.getBrokersAsString())) {
      OrderflowKafka.maxMessageBytes(admin, "orders.events", "64");
      try {
        kafka.send("orders.placed", orderId, OrderJson.orderPlaced(orderId, sku, 1));
        kafka.send("payments.captured", orderId, OrderJson.paymentCaptured(orderId));
        long instance =
            await().until(() -> engine.instancesStartedFor(orderId), i -> !i.isEmpty()).getFirst();

        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> {
                  engine.increaseTime(Duration.ofSeconds(10)); // the task's retryBackoff
                  return incidentOf(instance).isPresent() || completed(instance);
                });
        assertThat(completed(instance)).as("instance completed without its event").isFalse();
        IncidentRecordValue incident = incidentOf(instance).orElseThrow();
        assertThat(incident.getElementId()).isEqualTo(OrderProcess.TASK_PUBLISH_ORDER_CONFIRMED);
        assertThat(incident.getErrorMessage())
            .contains(
                KafkaConnectorWorker.TYPE
                    + " failed for order-process/"
                    + OrderProcess.TASK_PUBLISH_ORDER_CONFIRMED)
            .contains("key " + orderId)
            .contains("RecordTooLargeException");
        assertThat(failures(instance)).as("attempts before the incident").isEqualTo(4);
        assertThat(kafka.readAll("orders.events").stream().filter(r -> orderId.equals(r.key())))
            .isEmpty();
      } finally {
        OrderflowKafka.maxMessageBytes(admin, "orders.events", null);
      }
    }
  }

  private Optional<IncidentRecordValue> incidentOf(long instance) {
    return StreamSupport.stream(engine.records().incidentRecords().spliterator(), false)
        .filter(r -> r.getIntent() == IncidentIntent.CREATED)
        .map(Record::getValue)
        .filter(v -> v.getProcessInstanceKey() == instance)
        .findFirst();
  }

  private long failures(long instance) {
    return StreamSupport.stream(engine.records().jobRecords().spliterator(), false)
        .filter(r -> r.getIntent() == JobIntent.FAILED)
        .filter(r -> r.getValue().getProcessInstanceKey() == instance)
        .count();
  }

  private boolean completed(long instance) {
    return StreamSupport.stream(engine.records().processInstanceRecords().spliterator(), false)
        .anyMatch(
            r ->
                r.getKey() == instance && r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED);
  }

  /** Sets (or, with null, removes) max.message.bytes of orders.events, and waits for it. */
  @Test
  void workerFailingFourTimes_raisesAnIncidentNamingTheJobTheOrderAndTheCause() {
    String sku = "SKU-" + UUID.randomUUID();
    inventory.restock(sku, 1);
    String orderId = "order-" + UUID.randomUUID();
    doThrow(new IllegalStateException("database unreachable (test)"))
        .when(inventory)
        .reserve(argThat(orderId::equals), any());

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

    assertThat(incident.getElementId()).isEqualTo(OrderProcess.TASK_RESERVE_INVENTORY);
    assertThat(incident.getErrorMessage())
        .contains("reserve-inventory failed for order " + orderId)
        .contains("database unreachable (test)");
    assertThat(failures(instance)).as("attempts before the incident").isEqualTo(4);
  }
}
