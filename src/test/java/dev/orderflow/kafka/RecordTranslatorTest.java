package dev.orderflow.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Records in, engine messages or a dead-letter reason out, with routes like application.yaml's. */
class RecordTranslatorTest {

  private static final String ORDERS = "orders.placed";
  private static final String PAYMENTS = "payments.captured";
  private static final Duration PAYMENT_TIMEOUT = Duration.ofHours(2);
  private static final DataSize MAX_RECORD_SIZE = DataSize.ofKilobytes(64);

  private static final String GOOD_ORDER =
      """
      {"eventId": "evt-1", "orderId": "order-1", "customerId": "customer-7",
       "items": [{"sku": "SKU-A", "quantity": 2}], "total": 42.5,
       "creditCard": "4111 1111 1111 1111"}
      """;

  private final ObjectMapper json = new ObjectMapper();
  private final RecordTranslator translator =
      new RecordTranslator(json, properties(orderPlacedRoute(""), paymentCapturedRoute()));

  @Test
  void goodOrderPlaced_becomesAnOrderPlacedMessageKeyedByTheRecordKey() {
    InboundMessage message = translator.translate(record(ORDERS, "order-1", GOOD_ORDER));

    assertThat(message.route()).isEqualTo("order-placed");
    assertThat(message.messageName()).isEqualTo("OrderPlaced");
    assertThat(message.correlationKey()).isEqualTo("order-1");
    assertThat(message.messageId()).isEqualTo("evt-1");
    assertThat(message.ttl()).isEqualTo(PAYMENT_TIMEOUT);
    assertThat(message.variables())
        .isEqualTo(
            Map.of(
                "orderId", "order-1",
                "customerId", "customer-7",
                "items", List.of(Map.of("sku", "SKU-A", "quantity", 2)),
                "total", 42.5,
                "paymentTimeout", "PT2H"));
  }

  @Test
  void fieldsOutsideTheAllowList_neverBecomeVariables() {
    InboundMessage message = translator.translate(record(ORDERS, "order-1", GOOD_ORDER));

    assertThat(message.variables()).doesNotContainKeys("creditCard", "eventId");
    assertThat(message.variables().values()).noneMatch(value -> value.toString().contains("4111"));
  }

  @Test
  void optionalFieldMissing_isLeftOut() {
    InboundMessage message =
        translator.translate(
            record(
                ORDERS,
                "order-1",
                "{\"eventId\": \"evt-1\", \"orderId\": \"order-1\", \"items\": []}"));

    assertThat(message.variables())
        .containsOnlyKeys("orderId", "items", "paymentTimeout")
        .doesNotContainKeys("customerId", "total");
  }

  @Test
  void numericEventId_isAcceptedAsText() {
    InboundMessage message =
        translator.translate(
            record(
                ORDERS, "order-1", "{\"eventId\": 123, \"orderId\": \"order-1\", \"items\": []}"));

    assertThat(message.messageId()).isEqualTo("123");
  }

  @Test
  void recordOnAnotherTopic_isTranslatedByThatTopicsRoute() {
    InboundMessage message =
        translator.translate(
            record(
                PAYMENTS,
                "order-1",
                "{\"eventId\": \"pay-evt-1\", \"paymentId\": \"pay-1\", \"amount\": 42.5,"
                    + " \"orderId\": \"order-1\"}"));

    assertThat(message.route()).isEqualTo("payment-captured");
    assertThat(message.messageName()).isEqualTo("PaymentCaptured");
    assertThat(message.correlationKey()).isEqualTo("order-1");
    assertThat(message.messageId()).isEqualTo("pay-evt-1");
    assertThat(message.variables())
        .isEqualTo(Map.of("paymentId", "pay-1", "amount", 42.5, "orderId", "order-1"));
  }

  @Test
  void keyVariable_carriesTheCorrelationKey_notAFieldOfThePayload() {
    InboundMessage message =
        translator.translate(
            record(
                PAYMENTS,
                "order-1",
                "{\"eventId\": \"pay-evt-1\", \"amount\": 42.5, \"orderId\": \"order-9\"}"));

    assertThat(message.correlationKey()).isEqualTo("order-1");
    assertThat(message.variables()).containsEntry("orderId", "order-1");
  }

  @Test
  void notJson_isPoison() {
    assertPoison(record(ORDERS, "order-1", "{this is not json")).startsWith("not JSON");
  }

  @Test
  void jsonFollowedByTrailingContent_isPoison() {
    assertPoison(record(ORDERS, "order-1", GOOD_ORDER + "{\"eventId\":\"e2\"} garbage"))
        .startsWith("not JSON");
  }

  @Test
  void jsonArrayInsteadOfObject_isPoison() {
    assertPoison(record(ORDERS, "order-1", "[" + GOOD_ORDER + "]")).isEqualTo("not a JSON object");
  }

  @Test
  void jsonScalarInsteadOfObject_isPoison() {
    assertPoison(record(ORDERS, "order-1", "\"order-1\"")).isEqualTo("not a JSON object");
  }

  @Test
  void missingRecordKey_isPoison() {
    assertPoison(record(ORDERS, null, GOOD_ORDER)).contains("missing key");
  }

  @Test
  void emptyRecordKey_isPoison() {
    assertPoison(record(ORDERS, "", GOOD_ORDER)).contains("missing key");
  }

  @Test
  void blankRecordKey_isPoison() {
    assertPoison(record(ORDERS, "  ", GOOD_ORDER)).contains("missing key");
  }

  @Test
  void missingEventId_isPoison() {
    assertPoison(record(ORDERS, "order-1", "{\"orderId\": \"order-1\", \"items\": []}"))
        .isEqualTo("missing message id at /eventId");
  }

  @Test
  void nullEventId_isPoison() {
    assertPoison(
            record(
                ORDERS, "order-1", "{\"eventId\": null, \"orderId\": \"order-1\", \"items\": []}"))
        .isEqualTo("missing message id at /eventId");
  }

  @Test
  void blankEventId_isPoison() {
    assertPoison(
            record(
                ORDERS, "order-1", "{\"eventId\": \" \", \"orderId\": \"order-1\", \"items\": []}"))
        .isEqualTo("empty message id at /eventId");
  }

  @Test
  void eventIdOfWrongType_isPoison() {
    assertPoison(
            record(
                ORDERS,
                "order-1",
                "{\"eventId\": {\"id\": \"evt-1\"}, \"orderId\": \"order-1\", \"items\": []}"))
        .contains("message id at /eventId is not a string");
  }

  @Test
  void fieldOfWrongType_isPoison() {
    assertPoison(
            record(
                ORDERS,
                "order-1",
                "{\"eventId\": \"evt-1\", \"orderId\": \"order-1\", \"items\": \"SKU-A x 2\"}"))
        .isEqualTo("field items must be array, was string");
  }

  @Test
  void optionalFieldOfWrongType_isPoison() {
    assertPoison(
            record(
                ORDERS,
                "order-1",
                "{\"eventId\": \"evt-1\", \"orderId\": \"order-1\", \"items\": [],"
                    + " \"total\": \"42.50\"}"))
        .isEqualTo("field total must be number, was string");
  }

  @Test
  void missingRequiredField_isPoison() {
    assertPoison(record(ORDERS, "order-1", "{\"eventId\": \"evt-1\", \"orderId\": \"order-1\"}"))
        .isEqualTo("missing required field items");
  }

  @Test
  void requiredFieldNull_isPoison() {
    assertPoison(
            record(ORDERS, "order-1", "{\"eventId\": \"evt-1\", \"orderId\": null, \"items\": []}"))
        .isEqualTo("missing required field orderId");
  }

  @Test
  void recordLargerThanMaxRecordSize_isPoison() {
    byte[] value = paddedOrder((int) MAX_RECORD_SIZE.toBytes() + 1);

    assertPoison(new ConsumerRecord<>(ORDERS, 0, 0L, "order-1", value))
        .isEqualTo("record of 65537 bytes exceeds the maximum of 65536");
  }

  @Test
  void recordOfExactlyMaxRecordSize_isAccepted() {
    byte[] value = paddedOrder((int) MAX_RECORD_SIZE.toBytes());

    InboundMessage message =
        translator.translate(new ConsumerRecord<>(ORDERS, 0, 0L, "order-1", value));

    assertThat(message.messageId()).isEqualTo("evt-1");
    assertThat(message.variables()).doesNotContainKey("padding");
  }

  @Test
  void emptyValue_isPoison() {
    assertPoison(new ConsumerRecord<>(ORDERS, 0, 0L, "order-1", new byte[0]))
        .isEqualTo("empty value");
  }

  @Test
  void nullValue_isPoison() {
    assertPoison(new ConsumerRecord<String, byte[]>(ORDERS, 0, 0L, "order-1", null))
        .isEqualTo("empty value");
  }

  @Test
  void topicWithoutRoute_isPoison() {
    assertPoison(record("orders.unknown", "order-1", GOOD_ORDER))
        .isEqualTo("no route for topic orders.unknown");
  }

  @Test
  void correlationKeyPointer_takesTheKeyFromThePayload() {
    RecordTranslator byPayload =
        new RecordTranslator(
            json, properties(orderPlacedRoute("/orderId"), paymentCapturedRoute()));

    InboundMessage message = byPayload.translate(record(ORDERS, "some-other-key", GOOD_ORDER));

    assertThat(message.correlationKey()).isEqualTo("order-1");
  }

  @Test
  void correlationKeyPointer_needsNoRecordKey() {
    RecordTranslator byPayload =
        new RecordTranslator(
            json, properties(orderPlacedRoute("/orderId"), paymentCapturedRoute()));

    InboundMessage message = byPayload.translate(record(ORDERS, null, GOOD_ORDER));

    assertThat(message.correlationKey()).isEqualTo("order-1");
  }

  @Test
  void correlationKeyPointer_missingInThePayload_isPoison() {
    RecordTranslator byPayload =
        new RecordTranslator(
            json, properties(orderPlacedRoute("/order/id"), paymentCapturedRoute()));

    assertThatThrownBy(() -> byPayload.translate(record(ORDERS, "order-1", GOOD_ORDER)))
        .isInstanceOf(PoisonRecordException.class)
        .hasMessage("missing correlation key at /order/id");
  }

  @Test
  void businessTime_isThePayloadsOwnTime_evenWhenTheRecordHasATimestamp() {
    InboundMessage message =
        paymentTranslator()
            .translate(
                timestamped(
                    "order-1",
                    "{\"eventId\": \"pay-1\", \"orderId\": \"order-1\", \"paymentId\": \"p-1\","
                        + " \"amount\": 25, \"capturedAt\": \"2026-11-25T12:00:00+01:00\"}",
                    Instant.parse("2026-11-25T13:30:00Z")));

    assertThat(message.variables()).containsEntry("capturedAt", "2026-11-25T11:00:00Z");
    assertThat(message.also().messageName()).isEqualTo("PaymentReceived");
    assertThat(message.also().correlationKey()).isEqualTo("p-1");
    assertThat(message.also().messageId()).isEqualTo("pay-1");
    assertThat(message.also().variables()).isEqualTo(message.variables());
  }

  @Test
  void businessTime_withoutOneInThePayload_isTheRecordsTimestamp() {
    InboundMessage message =
        paymentTranslator()
            .translate(
                timestamped(
                    "order-1",
                    "{\"eventId\": \"pay-1\", \"paymentId\": \"p-1\", \"amount\": 25,"
                        + " \"capturedAt\": null}",
                    Instant.parse("2026-11-25T13:30:00Z")));

    assertThat(message.variables())
        .containsEntry("capturedAt", "2026-11-25T13:30:00Z")
        .containsEntry("orderId", "order-1");
  }

  @Test
  void businessTime_notAnIsoDateTimeWithOffset_isPoison() {
    assertThatThrownBy(
            () ->
                paymentTranslator()
                    .translate(
                        timestamped(
                            "order-1",
                            "{\"eventId\": \"pay-1\", \"paymentId\": \"p-1\", \"amount\": 25,"
                                + " \"capturedAt\": \"2026-11-25T12:00:00\"}",
                            Instant.parse("2026-11-25T13:30:00Z"))))
        .isInstanceOf(PoisonRecordException.class)
        .hasMessage(
            "/capturedAt is not an ISO-8601 date-time with offset: \"2026-11-25T12:00:00\"");
  }

  @Test
  void businessTime_neitherInThePayloadNorARecordTimestamp_isPoison() {
    ConsumerRecord<String, byte[]> noTimestamp =
        record(
            PAYMENTS,
            "order-1",
            "{\"eventId\": \"pay-1\", \"paymentId\": \"p-1\", \"amount\": 25}");

    assertThatThrownBy(() -> paymentTranslator().translate(noTimestamp))
        .isInstanceOf(PoisonRecordException.class)
        .hasMessage("no business time: the record has no timestamp and no /capturedAt");
  }

  @Test
  void recordTimestampOfTheEpoch_isABusinessTime() {
    InboundMessage message =
        paymentTranslator()
            .translate(
                timestamped(
                    "order-1",
                    "{\"eventId\": \"pay-1\", \"paymentId\": \"p-1\", \"amount\": 25}",
                    Instant.EPOCH));

    assertThat(message.variables()).containsEntry("capturedAt", "1970-01-01T00:00:00Z");
  }

  @Test
  void keyAndPayloadNamingDifferentOrders_isPoisonNamingBoth() {
    assertThatThrownBy(
            () ->
                paymentTranslator()
                    .translate(
                        timestamped(
                            "order-1",
                            "{\"eventId\": \"pay-1\", \"orderId\": \"order-2\","
                                + " \"paymentId\": \"p-1\", \"amount\": 25}",
                            Instant.EPOCH)))
        .isInstanceOf(PoisonRecordException.class)
        .hasMessage("record key order-1 and /orderId \"order-2\" name different orders");
  }

  @Test
  void orderIdInThePayloadThatIsNoValue_isPoison() {
    assertThatThrownBy(
            () ->
                paymentTranslator()
                    .translate(
                        timestamped(
                            "order-1",
                            "{\"eventId\": \"pay-1\", \"orderId\": {\"id\": \"order-1\"},"
                                + " \"paymentId\": \"p-1\", \"amount\": 25}",
                            Instant.EPOCH)))
        .isInstanceOf(PoisonRecordException.class)
        .hasMessageContaining("name different orders");
  }

  @Test
  void keyAndPayloadNamingTheSameOrder_orNoOrderInThePayload_isTranslated() {
    RecordTranslator payments = paymentTranslator();
    InboundMessage same =
        payments.translate(
            timestamped(
                "order-1",
                "{\"eventId\": \"pay-1\", \"orderId\": \"order-1\", \"paymentId\": \"p-1\","
                    + " \"amount\": 25}",
                Instant.EPOCH));
    InboundMessage none =
        payments.translate(
            timestamped(
                "order-1",
                "{\"eventId\": \"pay-2\", \"paymentId\": \"p-2\", \"amount\": 25}",
                Instant.EPOCH));

    assertThat(same.correlationKey()).isEqualTo("order-1");
    assertThat(none.correlationKey()).isEqualTo("order-1");
  }

  @Test
  void orderIdOf_isTheRecordKey_orUnknown() {
    assertThat(RecordTranslator.orderIdOf(record(ORDERS, "order-1", GOOD_ORDER)))
        .isEqualTo("order-1");
    assertThat(RecordTranslator.orderIdOf(record(ORDERS, null, GOOD_ORDER))).isEqualTo("unknown");
  }

  @Test
  void fieldOfTypeAny_takesWhateverJsonItHas_theOtherTypesTakeOnlyTheirOwn() {
    Map<String, FieldType> variables = new LinkedHashMap<>();
    variables.put("anything", FieldType.ANY);
    variables.put("flag", FieldType.BOOLEAN);
    variables.put("count", FieldType.INTEGER);
    variables.put("details", FieldType.OBJECT);
    RecordTranslator notes =
        new RecordTranslator(
            json,
            properties(
                new InboundProperties.Route(
                    "note",
                    "notes",
                    "Note",
                    "",
                    "/eventId",
                    Duration.ZERO,
                    variables,
                    List.of(),
                    Map.of(),
                    "")));

    for (String anything : List.of("\"text\"", "1.5", "true", "[1]", "{\"a\": 1}")) {
      InboundMessage message =
          notes.translate(
              record(
                  "notes",
                  "order-1",
                  "{\"eventId\": \"e\", \"anything\": "
                      + anything
                      + ", \"flag\": false, \"count\": 3, \"details\": {\"x\": \"y\"}}"));
      assertThat(message.variables())
          .as("anything = %s", anything)
          .containsKeys("anything")
          .containsEntry("flag", false)
          .containsEntry("count", 3)
          .containsEntry("details", Map.of("x", "y"));
    }
    assertThatThrownBy(
            () ->
                notes.translate(record("notes", "order-1", "{\"eventId\": \"e\", \"count\": 3.5}")))
        .hasMessage("field count must be integer, was number");
    assertThatThrownBy(
            () ->
                notes.translate(
                    record("notes", "order-1", "{\"eventId\": \"e\", \"flag\": \"yes\"}")))
        .hasMessage("field flag must be boolean, was string");
    assertThatThrownBy(
            () ->
                notes.translate(
                    record("notes", "order-1", "{\"eventId\": \"e\", \"details\": []}")))
        .hasMessage("field details must be object, was array");
  }

  /** The payment route of application.yaml: order id check, business time, a second message. */
  private RecordTranslator paymentTranslator() {
    Map<String, FieldType> variables = new LinkedHashMap<>();
    variables.put("paymentId", FieldType.STRING);
    variables.put("amount", FieldType.NUMBER);
    InboundProperties.Route route =
        new InboundProperties.Route(
            "payment-captured",
            PAYMENTS,
            "PaymentCaptured",
            "",
            "/eventId",
            PAYMENT_TIMEOUT,
            variables,
            List.of("paymentId", "amount"),
            Map.of(),
            "orderId",
            "/orderId",
            "/capturedAt",
            "capturedAt",
            new InboundProperties.AlsoPublish("PaymentReceived", "/paymentId"));
    return new RecordTranslator(json, properties(route));
  }

  private static ConsumerRecord<String, byte[]> timestamped(
      String key, String value, Instant timestamp) {
    return new ConsumerRecord<>(
        PAYMENTS,
        0,
        0L,
        timestamp.toEpochMilli(),
        org.apache.kafka.common.record.TimestampType.CREATE_TIME,
        0,
        value.length(),
        key,
        value.getBytes(StandardCharsets.UTF_8),
        new org.apache.kafka.common.header.internals.RecordHeaders(),
        java.util.Optional.empty());
  }

  /** Asserts the record is poison and returns an assertion on the dead-letter reason. */
  private AbstractStringAssert<?> assertPoison(ConsumerRecord<String, byte[]> record) {
    return assertThatThrownBy(() -> translator.translate(record))
        .isInstanceOf(PoisonRecordException.class)
        .message();
  }

  private static ConsumerRecord<String, byte[]> record(String topic, String key, String value) {
    return new ConsumerRecord<>(topic, 0, 0L, key, value.getBytes(StandardCharsets.UTF_8));
  }

  /** A good order padded with an extra field to exactly {@code size} bytes. */
  private static byte[] paddedOrder(int size) {
    String prefix =
        "{\"eventId\": \"evt-1\", \"orderId\": \"order-1\", \"items\": [], \"padding\": \"";
    String suffix = "\"}";
    String value = prefix + "x".repeat(size - prefix.length() - suffix.length()) + suffix;
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    assertThat(bytes).hasSize(size);
    return bytes;
  }

  private static InboundProperties properties(InboundProperties.Route... routes) {
    return InboundPropertiesFixture.withRoutes(MAX_RECORD_SIZE, routes);
  }

  private static InboundProperties.Route orderPlacedRoute(String correlationKey) {
    Map<String, FieldType> variables = new LinkedHashMap<>();
    variables.put("orderId", FieldType.STRING);
    variables.put("customerId", FieldType.STRING);
    variables.put("items", FieldType.ARRAY);
    variables.put("total", FieldType.NUMBER);
    return new InboundProperties.Route(
        "order-placed",
        ORDERS,
        "OrderPlaced",
        correlationKey,
        "/eventId",
        PAYMENT_TIMEOUT,
        variables,
        List.of("orderId", "items"),
        Map.of("paymentTimeout", PAYMENT_TIMEOUT.toString()),
        "");
  }

  private static InboundProperties.Route paymentCapturedRoute() {
    Map<String, FieldType> variables = new LinkedHashMap<>();
    variables.put("paymentId", FieldType.STRING);
    variables.put("amount", FieldType.NUMBER);
    return new InboundProperties.Route(
        "payment-captured",
        PAYMENTS,
        "PaymentCaptured",
        "",
        "/eventId",
        PAYMENT_TIMEOUT,
        variables,
        List.of("amount"),
        Map.of(),
        "orderId");
  }
}
