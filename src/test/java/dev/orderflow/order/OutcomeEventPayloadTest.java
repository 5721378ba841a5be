package dev.orderflow.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.kafka.KafkaOrderEvents;
import dev.orderflow.kafka.KafkaOutbound;
import dev.orderflow.kafka.OutboundProperties;
import dev.orderflow.payment.PaymentLedger;
import dev.orderflow.payment.PaymentWakeUps;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The outcome events as a consumer of {@code orders.events} reads them (README, Kafka topics): the
 * record key, the {@code type} and {@code eventId} headers, and the JSON fields, written by the
 * workers through the one outbound sender with the application's JSON settings.
 */
class OutcomeEventPayloadTest {

  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  final List<ProducerRecord<String, byte[]>> written = new ArrayList<>();
  ObjectMapper json;
  OrderEvents events;

  @BeforeEach
  @SuppressWarnings("unchecked")
  void setUp() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
        .run(context -> json = context.getBean(ObjectMapper.class));
    KafkaTemplate<String, byte[]> template = mock(KafkaTemplate.class);
    when(template.send(any(ProducerRecord.class)))
        .thenAnswer(
            call -> {
              written.add(call.getArgument(0));
              return CompletableFuture.completedFuture(null);
            });
    events =
        new KafkaOrderEvents(
            new KafkaOutbound(
                template,
                json,
                new OutboundProperties(
                    "orders.events",
                    "tracking.warnings",
                    "tracking.events",
                    Duration.ofSeconds(10),
                    2)));
  }

  @Test
  void orderConfirmed_hasItsEventIdTheTimeItOccurredAndTheTotal() throws Exception {
    new PublishOrderConfirmedWorker(events, CLOCK).publish(order("o-42", "25.00", null));

    JsonNode event = onlyEvent("o-42", "OrderConfirmed", "o-42:confirmed");
    assertThat(fieldNames(event))
        .containsExactlyInAnyOrder("eventId", "type", "orderId", "occurredAt", "total");
    assertThat(event.get("occurredAt").asText()).isEqualTo("2026-11-25T12:00:00Z");
    assertThat(event.get("total").decimalValue()).isEqualByComparingTo("25.00");
  }

  @Test
  void orderTimedOut_hasItsEventIdTheTotalAndWhy() throws Exception {
    new PublishOrderTimedOutWorker(events, CLOCK).publish(order("o-43", "10.00", null));

    JsonNode event = onlyEvent("o-43", "OrderTimedOut", "o-43:timed-out");
    assertThat(fieldNames(event))
        .containsExactlyInAnyOrder("eventId", "type", "orderId", "occurredAt", "total", "reason");
    assertThat(event.get("occurredAt").asText()).isEqualTo("2026-11-25T12:00:00Z");
    assertThat(event.get("total").decimalValue()).isEqualByComparingTo("10.00");
    assertThat(event.get("reason").asText()).isEqualTo("no payment within the payment window");
  }

  @Test
  void orderRejected_hasItsEventIdAndTheDesksReason() throws Exception {
    new PublishOrderRejectedWorker(
            events, mock(PaymentLedger.class), mock(PaymentWakeUps.class), CLOCK)
        .publish(order("o-44", null, "we cannot supply that many"));

    JsonNode event = onlyEvent("o-44", "OrderRejected", "o-44:rejected");
    assertThat(fieldNames(event))
        .containsExactlyInAnyOrder("eventId", "type", "orderId", "occurredAt", "reason");
    assertThat(event.get("occurredAt").asText()).isEqualTo("2026-11-25T12:00:00Z");
    assertThat(event.get("reason").asText()).isEqualTo("we cannot supply that many");
  }

  private JsonNode onlyEvent(String orderId, String type, String eventId) throws Exception {
    assertThat(written).hasSize(1);
    ProducerRecord<String, byte[]> record = written.getFirst();
    assertThat(record.topic()).isEqualTo("orders.events");
    assertThat(record.key()).isEqualTo(orderId);
    assertThat(header(record, KafkaOrderEvents.TYPE_HEADER)).isEqualTo(type);
    assertThat(header(record, KafkaOrderEvents.EVENT_ID_HEADER)).isEqualTo(eventId);
    JsonNode event = json.readTree(record.value());
    assertThat(event.get("eventId").asText()).isEqualTo(eventId);
    assertThat(event.get("type").asText()).isEqualTo(type);
    assertThat(event.get("orderId").asText()).isEqualTo(orderId);
    return event;
  }

  private static List<String> fieldNames(JsonNode event) {
    List<String> names = new ArrayList<>();
    event.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String header(ProducerRecord<String, byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static OrderVariables order(String orderId, String total, String rejectionReason) {
    return new OrderVariables(
        orderId,
        "c-7",
        null,
        total == null ? null : new BigDecimal(total),
        null,
        null,
        rejectionReason,
        null,
        null,
        null,
        null,
        null);
  }
}
