package dev.orderflow.kafka;

import static dev.orderflow.kafka.ModelRoutesFixture.catchEvent;
import static dev.orderflow.kafka.ModelRoutesFixture.model;
import static dev.orderflow.kafka.ModelRoutesFixture.start;
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
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * Records in, engine messages or a dead-letter reason out: first by the application's own models
 * (the FEEL its Kafka connector elements carry), then by the connector's semantics on small models.
 */
class RecordTranslatorTest {

  private static final String ORDERS = "orders.placed";
  private static final String PAYMENTS = "payments.captured";
  private static final Instant RECORD_TIME = Instant.parse("2026-11-25T12:00:00Z");
  private static final DataSize MAX_RECORD_SIZE = DataSize.ofKilobytes(64);

  private static final String GOOD_ORDER =
      """
      {"eventId": "evt-1", "orderId": "order-1", "customerId": "customer-7",
       "items": [{"sku": "SKU-A", "quantity": 2}], "total": 42.5,
       "placedAt": "2026-11-25T11:00:00Z", "creditCard": "4111 1111 1111 1111"}
      """;
  private static final String GOOD_PAYMENT =
      """
      {"eventId": "pay-evt-1", "orderId": "order-1", "paymentId": "pay-1", "amount": 42.5}
      """;

  private static final ObjectMapper JSON = new ObjectMapper();
  private final RecordTranslator translator = translator(ModelRoutesFixture.application());

  @Test
  void goodOrderPlaced_becomesOneOrderPlacedMessage_keyedByTheRecordKey() {
    List<InboundMessage> messages = translator.translate(record(ORDERS, "order-1", GOOD_ORDER));

    assertThat(messages).hasSize(1);
    InboundMessage message = messages.getFirst();
    assertThat(message.topic()).isEqualTo(ORDERS);
    assertThat(message.messageName()).isEqualTo("OrderPlaced");
    assertThat(message.correlationKey()).isEqualTo("order-1");
    assertThat(message.messageId()).isEqualTo("evt-1");
    assertThat(message.ttl()).isEqualTo(Duration.ofHours(2));
    assertThat(message.variables())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "orderId", "order-1",
                "customerId", "customer-7",
                "items", List.of(Map.of("sku", "SKU-A", "quantity", 2L)),
                "total", 42.5,
                "placedAt", "2026-11-25T11:00:00Z"));
  }

  @Test
  void fieldsTheResultExpressionDoesNotName_neverBecomeVariables() {
    InboundMessage message = translator.translate(record(ORDERS, "order-1", GOOD_ORDER)).getFirst();

    assertThat(message.variables()).doesNotContainKeys("creditCard", "eventId");
    assertThat(message.variables().values())
        .noneMatch(value -> String.valueOf(value).contains("4111"));
  }

  @Test
  void everyPayment_isTheOrdersPaymentCaptured_andStartsItsOwnPaymentReceived() {
    List<InboundMessage> messages = translator.translate(record(PAYMENTS, "order-1", GOOD_PAYMENT));

    assertThat(messages)
        .extracting(InboundMessage::messageName, InboundMessage::correlationKey)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("PaymentCaptured", "order-1"),
            org.assertj.core.groups.Tuple.tuple("PaymentReceived", "pay-1"));
    assertThat(messages).extracting(InboundMessage::messageId).containsOnly("pay-evt-1");
    assertThat(messages.get(0).variables())
        .isEqualTo(messages.get(1).variables())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "orderId",
                "order-1",
                "paymentId",
                "pay-1",
                "amount",
                42.5,
                "capturedAt",
                RECORD_TIME.toString()));
  }

  @Test
  void numericEventId_isAcceptedAsText() {
    InboundMessage message =
        translator
            .translate(record(ORDERS, "order-1", "{\"eventId\": 123, \"items\": []}"))
            .getFirst();

    assertThat(message.messageId()).isEqualTo("123");
  }

  @Test
  void malformedValues_arePoison_withTheReason() {
    assertPoison(record(ORDERS, "order-1", "{not json")).startsWith("not JSON");
    assertPoison(record(ORDERS, "order-1", "{\"eventId\": \"e\"} trailing")).startsWith("not JSON");
    assertPoison(record(ORDERS, "order-1", "[1, 2]")).isEqualTo("not a JSON object");
    assertPoison(record(ORDERS, "order-1", "\"text\"")).isEqualTo("not a JSON object");
    assertPoison(record(ORDERS, "order-1", "")).isEqualTo("empty value");
    assertPoison(new ConsumerRecord<>(ORDERS, 0, 0L, "order-1", (byte[]) null))
        .isEqualTo("empty value");
  }

  @Test
  void missingOrBlankRecordKey_isPoison() {
    String order = "{\"eventId\": \"evt-1\", \"items\": []}";
    assertPoison(record(ORDERS, null, order))
        .contains("missing key: the record key (the order id) is empty");
    assertPoison(record(ORDERS, "", order))
        .contains("missing key: the record key (the order id) is empty");
  }

  @Test
  void missingOrNullEventId_isPoison_namingTheExpression() {
    assertPoison(record(ORDERS, "order-1", "{\"items\": []}"))
        .startsWith("missing message id: order-process/OrderPlacedStartEvent messageIdExpression");
    assertPoison(record(ORDERS, "order-1", "{\"eventId\": null, \"items\": []}"))
        .startsWith("missing message id");
    assertPoison(record(ORDERS, "order-1", "{\"eventId\": \" \", \"items\": []}"))
        .startsWith("missing message id");
    assertPoison(record(ORDERS, "order-1", "{\"eventId\": {\"id\": 1}, \"items\": []}"))
        .startsWith("missing message id");
  }

  @Test
  void requiredFieldsAndTypes_areCheckedByTheModel() {
    assertPoison(record(ORDERS, "order-1", "{\"eventId\": \"evt-1\"}"))
        .endsWith("missing required field items, or not a list");
    assertPoison(record(ORDERS, "order-1", "{\"eventId\": \"evt-1\", \"items\": {}}"))
        .endsWith("missing required field items, or not a list");
    assertPoison(
            record(ORDERS, "order-1", "{\"eventId\": \"evt-1\", \"items\": [], \"total\": \"42\"}"))
        .endsWith("field total must be a number");
    assertPoison(record(PAYMENTS, "order-1", "{\"eventId\": \"e\", \"paymentId\": \"pay-1\"}"))
        .endsWith("missing required field amount, or not a number");
    assertPoison(record(PAYMENTS, "order-1", "{\"eventId\": \"e\", \"amount\": 1}"))
        .endsWith("missing required field paymentId, or not a string");
  }

  @Test
  void recordLargerThanMaxRecordSize_isPoison_oneOfExactlyThatSizeIsNot() {
    int max = (int) MAX_RECORD_SIZE.toBytes();
    assertPoison(record(ORDERS, "order-1", paddedOrder(max + 1)))
        .isEqualTo("record of " + (max + 1) + " bytes exceeds the maximum of " + max);
    assertThat(translator.translate(record(ORDERS, "order-1", paddedOrder(max)))).hasSize(1);
  }

  @Test
  void topicWithoutRoute_isPoison() {
    assertPoison(record("audit.notes", "order-1", "{}"))
        .isEqualTo("no route for topic audit.notes");
  }

  @Test
  void businessTime_isThePayloadsOwnTime_evenWhenTheRecordHasATimestamp() {
    InboundMessage message =
        translator
            .translate(
                record(
                    PAYMENTS,
                    "order-1",
                    "{\"eventId\": \"e\", \"paymentId\": \"p\", \"amount\": 1,"
                        + " \"capturedAt\": \"2026-11-25T13:30:00+01:00\"}"))
            .getFirst();

    assertThat(Instant.parse((String) message.variables().get("capturedAt")))
        .isEqualTo(Instant.parse("2026-11-25T12:30:00Z"));
  }

  @Test
  void businessTime_withoutOneInThePayload_isTheRecordsTimestamp() {
    InboundMessage message =
        translator
            .translate(record(ORDERS, "order-1", "{\"eventId\": \"e\", \"items\": []}"))
            .getFirst();

    assertThat(message.variables()).containsEntry("placedAt", RECORD_TIME.toString());
  }

  @Test
  void businessTime_notAnIsoDateTimeWithOffset_isPoison() {
    for (String time : List.of("yesterday", "2026-11-25T12:00:00", "42")) {
      assertPoison(
              record(
                  PAYMENTS,
                  "order-1",
                  "{\"eventId\": \"e\", \"paymentId\": \"p\", \"amount\": 1, \"capturedAt\": \""
                      + time
                      + "\"}"))
          .endsWith("capturedAt is not an ISO-8601 date-time with offset: " + time);
    }
  }

  @Test
  void recordTimestampOfTheEpoch_isABusinessTime() {
    ConsumerRecord<String, byte[]> epoch =
        record(ORDERS, "order-1", "{\"eventId\": \"e\", \"items\": []}", 0, new RecordHeaders());

    assertThat(translator.translate(epoch).getFirst().variables())
        .containsEntry("placedAt", "1970-01-01T00:00:00Z");
  }

  @Test
  void businessTime_neitherInThePayloadNorARecordTimestamp_isPoison() {
    ConsumerRecord<String, byte[]> untimed =
        record(ORDERS, "order-1", "{\"eventId\": \"e\", \"items\": []}", -1, new RecordHeaders());

    assertPoison(untimed).endsWith("no business time: the record has no timestamp and no placedAt");
  }

  @Test
  void keyAndPayloadNamingDifferentOrders_isPoisonNamingBoth() {
    assertPoison(
            record(
                PAYMENTS,
                "o-1",
                "{\"eventId\": \"e\", \"orderId\": \"o-2\", \"paymentId\": \"p\", \"amount\": 1}"))
        .endsWith("record key o-1 and orderId o-2 name different orders");
  }

  @Test
  void keyAndPayloadNamingTheSameOrder_orNoOrderInThePayload_isTranslated() {
    assertThat(
            translator.translate(
                record(ORDERS, "42", "{\"eventId\": \"e\", \"orderId\": 42, \"items\": []}")))
        .hasSize(1);
    assertThat(translator.translate(record(ORDERS, "o-1", "{\"eventId\": \"e\", \"items\": []}")))
        .hasSize(1);
  }

  @Test
  void orderIdOf_isTheRecordKey_orUnknown() {
    assertThat(RecordTranslator.orderIdOf(record(ORDERS, "order-1", "{}"))).isEqualTo("order-1");
    assertThat(RecordTranslator.orderIdOf(record(ORDERS, null, "{}"))).isEqualTo("unknown");
  }

  // -- the connector's semantics, on models written for the test

  private static final String RETURNS = "returns.events";

  /** Two elements on one topic, told apart by their activation conditions. */
  private static RecordTranslator returns(String consumeUnmatched) {
    return translator(
        ModelRoutesFixture.of(
            model(
                "returns",
                start(
                    "ReturnRequestedStartEvent",
                    "ReturnRequested",
                    RETURNS,
                    "activationCondition",
                    "=value.type = \"ReturnRequested\"",
                    "consumeUnmatchedEvents",
                    consumeUnmatched,
                    "resultExpression",
                    "={orderId: key, reason: value.reason}"),
                catchEvent(
                    "ReturnReceivedEvent",
                    "ReturnReceived",
                    RETURNS,
                    "activationCondition",
                    "=value.type = \"ReturnReceived\"",
                    "consumeUnmatchedEvents",
                    consumeUnmatched,
                    "resultVariable",
                    "returnRecord"))));
  }

  @Test
  void twoElementsOnOneTopic_eachTakesTheRecordsItsActivationConditionAccepts() {
    RecordTranslator translator = returns("false");

    List<InboundMessage> requested =
        translator.translate(
            record(
                RETURNS,
                "o-1",
                "{\"eventId\": \"r-1\", \"type\": \"ReturnRequested\","
                    + " \"reason\": \"too small\"}"));
    List<InboundMessage> received =
        translator.translate(
            record(RETURNS, "o-1", "{\"eventId\": \"r-2\", \"type\": \"ReturnReceived\"}"));

    assertThat(requested)
        .extracting(InboundMessage::messageName)
        .containsExactly("ReturnRequested");
    assertThat(requested.getFirst().variables())
        .isEqualTo(Map.of("orderId", "o-1", "reason", "too small"));
    assertThat(received).extracting(InboundMessage::messageName).containsExactly("ReturnReceived");
    @SuppressWarnings("unchecked")
    Map<String, Object> whole =
        (Map<String, Object>) received.getFirst().variables().get("returnRecord");
    assertThat(whole)
        .containsEntry("key", "o-1")
        .containsEntry("value", Map.of("eventId", "r-2", "type", "ReturnReceived"))
        .containsEntry("timestamp", RECORD_TIME.toString());
  }

  @Test
  void recordNoElementTakes_isDeadLettered_unlessTheElementsConsumeUnmatchedEvents() {
    String neither = "{\"eventId\": \"r-3\", \"type\": \"ReturnCancelled\"}";

    assertPoison(returns("false"), record(RETURNS, "o-1", neither))
        .isEqualTo(
            "no element takes the record: the activation conditions of"
                + " returns/ReturnRequestedStartEvent, returns/ReturnReceivedEvent are not met");
    assertThat(returns("true").translate(record(RETURNS, "o-1", neither))).isEmpty();
  }

  @Test
  void expressionThatFailsOnARecord_isPoison_namingTheElementAndTheSetting() {
    RecordTranslator translator =
        translator(
            ModelRoutesFixture.returnReceived(
                RETURNS,
                "resultExpression",
                "={weight: assert(value.weight, value.weight > 0, \"weight must be"
                    + " positive\")}"));

    assertPoison(translator, record(RETURNS, "o-1", "{\"eventId\": \"r\", \"weight\": -1}"))
        .isEqualTo("returns/ReturnReceivedEvent resultExpression failed: weight must be positive");
    assertThat(translator.translate(record(RETURNS, "o-1", "{\"eventId\": \"r\", \"weight\": 2}")))
        .singleElement()
        .extracting(InboundMessage::variables)
        .isEqualTo(Map.of("weight", 2L));
  }

  @Test
  void resultExpressionThatIsNoContext_isPoison() {
    RecordTranslator translator =
        translator(
            ModelRoutesFixture.returnReceived(RETURNS, "resultExpression", "=value.eventId"));

    assertPoison(translator, record(RETURNS, "o-1", "{\"eventId\": \"r\"}"))
        .isEqualTo(
            "returns/ReturnReceivedEvent resultExpression must give a context of variables,"
                + " gave \"r\"");
  }

  @Test
  void startEventWithoutCorrelation_publishesWithAnEmptyKey_andHeadersAreText() {
    RecordTranslator translator =
        translator(
            ModelRoutesFixture.of(
                model(
                    "returns",
                    start(
                        "ReturnStartEvent",
                        "ReturnRequested",
                        RETURNS,
                        "correlationRequired",
                        "notRequired",
                        "correlationKeyExpression",
                        null,
                        "resultExpression",
                        "={source: headers.source}"))));
    RecordHeaders headers = new RecordHeaders();
    headers.add("source", "shop".getBytes(StandardCharsets.UTF_8));

    InboundMessage message =
        translator
            .translate(
                record(RETURNS, null, "{\"eventId\": \"r\"}", RECORD_TIME.toEpochMilli(), headers))
            .getFirst();

    assertThat(message.correlationKey()).isEmpty();
    assertThat(message.variables()).isEqualTo(Map.of("source", "shop"));
  }

  private static RecordTranslator translator(ModelRoutes routes) {
    return new RecordTranslator(
        JSON, InboundPropertiesFixture.properties(MAX_RECORD_SIZE, Duration.ofSeconds(5)), routes);
  }

  private AbstractStringAssert<?> assertPoison(ConsumerRecord<String, byte[]> record) {
    return assertPoison(translator, record);
  }

  /** Asserts the record is poison and returns an assertion on the dead-letter reason. */
  private static AbstractStringAssert<?> assertPoison(
      RecordTranslator translator, ConsumerRecord<String, byte[]> record) {
    return assertThatThrownBy(() -> translator.translate(record))
        .isInstanceOf(PoisonRecordException.class)
        .message();
  }

  private static ConsumerRecord<String, byte[]> record(String topic, String key, String value) {
    return record(topic, key, value, RECORD_TIME.toEpochMilli(), new RecordHeaders());
  }

  private static ConsumerRecord<String, byte[]> record(String topic, String key, byte[] value) {
    return new ConsumerRecord<>(
        topic,
        0,
        0L,
        RECORD_TIME.toEpochMilli(),
        TimestampType.CREATE_TIME,
        -1,
        -1,
        key,
        value,
        new RecordHeaders(),
        Optional.empty());
  }

  private static ConsumerRecord<String, byte[]> record(
      String topic, String key, String value, long timestamp, RecordHeaders headers) {
    return new ConsumerRecord<>(
        topic,
        0,
        0L,
        timestamp,
        TimestampType.CREATE_TIME,
        -1,
        -1,
        key,
        value.getBytes(StandardCharsets.UTF_8),
        headers,
        Optional.empty());
  }

  /** A good order padded with an extra field to exactly {@code size} bytes. */
  private static byte[] paddedOrder(int size) {
    String prefix = "{\"eventId\": \"evt-1\", \"items\": [], \"padding\": \"";
    String suffix = "\"}";
    String value = prefix + "x".repeat(size - prefix.length() - suffix.length()) + suffix;
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    assertThat(bytes).hasSize(size);
    return bytes;
  }
}
