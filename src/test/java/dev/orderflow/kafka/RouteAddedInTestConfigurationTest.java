package dev.orderflow.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.testing.EmbeddedEngine;
import dev.orderflow.testing.OrderflowKafka;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.MessageIntent;
import io.camunda.zeebe.protocol.record.value.MessageRecordValue;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/**
 * A topic is added by a model alone: the route from {@code audit.notes} exists only in {@code
 * test-models/audit-notes.bpmn} (a process drawn with Camunda's Kafka intermediate catch event
 * template, deployed by the test profile {@code extra-route}), with no YAML route and no Java, yet
 * its records become engine messages like those of the application's models, with only what the
 * element's result expression names as variables.
 */
@ExtraRouteIntegrationTest
class RouteAddedInTestConfigurationTest {

  static final String AUDIT_NOTES = "audit.notes";

  @Autowired EmbeddedEngine engine;

  // This context's broker. Not ${spring.kafka.bootstrap-servers}: @EmbeddedKafka sets that as a
  // system property, so once another context has started, it names the other context's broker.
  @Autowired EmbeddedKafkaBroker broker;

  @Test
  void
      recordOnARouteFromATestModel_becomesAPublishedMessage_withOnlyTheFieldsItsResultExpressionNames() {
    String orderId = "order-" + UUID.randomUUID();
    String eventId = "note-" + UUID.randomUUID();

    try (OrderflowKafka kafka = new OrderflowKafka(broker.getBrokersAsString())) {
      kafka.send(
          AUDIT_NOTES,
          orderId,
          """
          {"eventId":"%s","seq":7,"note":"called the customer","operator":"alice",\
          "creditCard":"4111 1111 1111 1111"}"""
              .formatted(eventId));
    }

    List<MessageRecordValue> published =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> publishedFor(orderId), list -> !list.isEmpty());

    assertThat(published).hasSize(1);
    MessageRecordValue message = published.getFirst();
    assertThat(message.getName()).isEqualTo("AuditNote");
    assertThat(message.getCorrelationKey()).isEqualTo(orderId);
    assertThat(message.getMessageId()).isEqualTo(eventId);
    assertThat(message.getTimeToLive()).isZero();
    assertThat(message.getVariables()).containsOnlyKeys("seq", "note");
    assertThat(((Number) message.getVariables().get("seq")).longValue()).isEqualTo(7);
    assertThat(message.getVariables()).containsEntry("note", "called the customer");
  }

  private List<MessageRecordValue> publishedFor(String correlationKey) {
    return StreamSupport.stream(engine.records().messageRecords().spliterator(), false)
        .filter(r -> r.getIntent() == MessageIntent.PUBLISHED)
        .map(Record::getValue)
        .filter(v -> correlationKey.equals(v.getCorrelationKey()))
        .toList();
  }
}
