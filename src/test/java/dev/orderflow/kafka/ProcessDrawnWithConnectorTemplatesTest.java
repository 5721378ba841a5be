package dev.orderflow.kafka;

import static dev.orderflow.testing.OrderflowKafka.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.testing.EmbeddedEngine;
import dev.orderflow.testing.OrderflowKafka;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/**
 * A process that exists only in a test model ({@code test-models/returns.bpmn}), drawn with
 * Camunda's Kafka connector templates and nothing else: no YAML route, no Java of its own, through
 * Kafka at both ends (it publishes its outcome with the outbound template's task). Two of its
 * elements read one topic and are told apart by their activation conditions; what neither takes,
 * and what the model's expression refuses, goes to the dead-letter topic with the reason, and the
 * records after it flow.
 */
@ExtraRouteIntegrationTest
class ProcessDrawnWithConnectorTemplatesTest {

  static final String RETURNS = "returns.events";
  static final String RETURNS_DLT = RETURNS + ".DLT";
  static final String RETURNS_OUTCOMES = "returns.outcomes";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired EmbeddedEngine engine;

  // This context's broker (see RouteAddedInTestConfigurationTest).
  @Autowired EmbeddedKafkaBroker broker;

  @Test
  void returnRequestedThenReceived_runsTheModelOnlyProcess_badRecordsBetweenAreDeadLettered()
      throws Exception {
    String orderId = "order-" + UUID.randomUUID();

    try (OrderflowKafka kafka = new OrderflowKafka(broker.getBrokersAsString())) {
      kafka.send(
          RETURNS,
          orderId,
          event("ReturnRequested", "requested-" + orderId, ",\"reason\":\"too small\""));
      kafka.send(RETURNS, orderId, event("ReturnCancelled", "cancelled-" + orderId, ""));
      kafka.send(
          RETURNS, orderId, event("ReturnReceived", "weightless-" + orderId, ",\"weightKg\":-1"));
      kafka.send(
          RETURNS, orderId, event("ReturnReceived", "received-" + orderId, ",\"weightKg\":2.5"));

      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> returnCompleted(orderId));

      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  kafka.readAll(RETURNS_DLT).stream().filter(r -> orderId.equals(r.key())).count()
                      == 2);
      List<ConsumerRecord<String, String>> dead =
          kafka.readAll(RETURNS_DLT).stream().filter(r -> orderId.equals(r.key())).toList();
      assertThat(dead)
          .extracting(r -> header(r, "orderflow-dlt-reason"))
          .containsExactly(
              "no element takes the record: the activation conditions of"
                  + " returns/ReturnRequestedStartEvent, returns/ReturnReceivedEvent are not met",
              "returns/ReturnReceivedEvent resultExpression failed: weightKg must be a positive"
                  + " number");
      assertThat(dead.get(0).value()).contains("cancelled-" + orderId);
      assertThat(dead.get(1).value()).contains("weightless-" + orderId);

      // the outbound template's task published the outcome, keyed by order id, with its id
      List<ConsumerRecord<String, String>> accepted =
          kafka.awaitRecords(RETURNS_OUTCOMES, r -> orderId.equals(r.key()));
      assertThat(accepted).hasSize(1);
      assertThat(header(accepted.getFirst(), "eventId")).isEqualTo(orderId + ":return-accepted");
      assertThat(header(accepted.getFirst(), "type")).isEqualTo("ReturnAccepted");
      assertThat(JSON.readTree(accepted.getFirst().value()))
          .isEqualTo(
              JSON.readTree(
                  """
                  {"eventId":"%1$s:return-accepted","type":"ReturnAccepted","orderId":"%1$s",\
                  "reason":"too small","weightKg":2.5}"""
                      .formatted(orderId)));
    }
  }

  private static String event(String type, String eventId, String more) {
    return "{\"eventId\":\"%s\",\"type\":\"%s\"%s}".formatted(eventId, type, more);
  }

  /** Whether the returns instance started for this order has completed. */
  private boolean returnCompleted(String orderId) {
    List<Long> started = engine.instancesStartedFor("returns", orderId);
    if (started.isEmpty()) {
      return false;
    }
    return StreamSupport.stream(engine.records().processInstanceRecords().spliterator(), false)
        .filter(r -> r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED)
        .map(Record::getValue)
        .anyMatch(
            (ProcessInstanceRecordValue v) ->
                v.getBpmnElementType() == BpmnElementType.PROCESS
                    && v.getProcessInstanceKey() == started.getFirst());
  }
}
