package dev.orderflow.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * The payment route as application.yaml has it: business time from the payload or the record, one
 * order id per record, and a second message per payment keyed by its payment id.
 */
class BusinessTimeAndOrderIdTest {

  private static final Instant RECORD_TIME = Instant.parse("2026-11-25T12:00:00Z");

  private static final InboundProperties.Route PAYMENTS =
      new InboundProperties.Route(
          "payment-captured",
          "payments.captured",
          "PaymentCaptured",
          "",
          "/eventId",
          Duration.ofHours(2),
          Map.of("paymentId", FieldType.STRING, "amount", FieldType.NUMBER),
          List.of("paymentId", "amount"),
          Map.of(),
          "orderId",
          "/orderId",
          "/capturedAt",
          "capturedAt",
          new InboundProperties.AlsoPublish("PaymentReceived", "/paymentId"));

  private final RecordTranslator translator =
      new RecordTranslator(
          new ObjectMapper(),
          InboundPropertiesFixture.withRoutes(DataSize.ofKilobytes(64), PAYMENTS));

  @Test
  void paymentWithoutItsOwnTime_isCapturedAtTheRecordsTimestamp() {
    InboundMessage message =
        translator.translate(
            record("o-1", "{\"eventId\":\"e-1\",\"paymentId\":\"p-1\",\"amount\":1}"));

    assertThat(message.variables()).containsEntry("capturedAt", "2026-11-25T12:00:00Z");
  }

  @Test
  void paymentWithCapturedAt_isCapturedThen_notAtTheRecordsTimestamp() {
    InboundMessage message =
        translator.translate(
            record(
                "o-1",
                "{\"eventId\":\"e-1\",\"paymentId\":\"p-1\",\"amount\":1,"
                    + "\"capturedAt\":\"2026-11-25T13:30:00+01:00\"}"));

    assertThat(message.variables()).containsEntry("capturedAt", "2026-11-25T12:30:00Z");
  }

  @Test
  void capturedAtThatIsNoDateTime_isDeadLetteredWithTheReason() {
    assertThatThrownBy(
            () ->
                translator.translate(
                    record(
                        "o-1",
                        "{\"eventId\":\"e-1\",\"paymentId\":\"p-1\",\"amount\":1,"
                            + "\"capturedAt\":\"yesterday\"}")))
        .isInstanceOf(PoisonRecordException.class)
        .hasMessageContaining("/capturedAt is not an ISO-8601 date-time");
  }

  @Test
  void keyAndPayloadNamingDifferentOrders_isDeadLetteredWithTheReason() {
    assertThatThrownBy(
            () ->
                translator.translate(
                    record(
                        "o-1",
                        "{\"eventId\":\"e-1\",\"orderId\":\"o-2\",\"paymentId\":\"p-1\","
                            + "\"amount\":1}")))
        .isInstanceOf(PoisonRecordException.class)
        .hasMessage("record key o-1 and /orderId \"o-2\" name different orders");
  }

  @Test
  void everyPayment_alsoBecomesAMessageKeyedByItsPaymentId() {
    InboundMessage message =
        translator.translate(
            record(
                "o-1",
                "{\"eventId\":\"e-1\",\"orderId\":\"o-1\",\"paymentId\":\"p-1\",\"amount\":1}"));

    assertThat(message.correlationKey()).isEqualTo("o-1");
    assertThat(message.also().messageName()).isEqualTo("PaymentReceived");
    assertThat(message.also().correlationKey()).isEqualTo("p-1");
    assertThat(message.also().messageId()).isEqualTo("e-1");
    assertThat(message.also().variables()).isEqualTo(message.variables());
  }

  private static ConsumerRecord<String, byte[]> record(String key, String value) {
    return new ConsumerRecord<>(
        "payments.captured",
        0,
        0,
        RECORD_TIME.toEpochMilli(),
        TimestampType.CREATE_TIME,
        -1,
        -1,
        key,
        value.getBytes(StandardCharsets.UTF_8),
        new RecordHeaders(),
        Optional.empty());
  }
}
