package dev.orderflow.kafka;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.stereotype.Component;

/**
 * Translates a record into an {@link InboundMessage} by its topic's route, or throws {@link
 * PoisonRecordException} saying why it cannot. Only allow-listed fields become variables.
 */
@Component
public class RecordTranslator {

  private final ObjectMapper json;
  private final ObjectReader reader;
  private final long maxRecordBytes;
  private final Map<String, InboundProperties.Route> routesByTopic;

  public RecordTranslator(ObjectMapper json, InboundProperties properties) {
    this.json = json;
    this.reader = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.maxRecordBytes = properties.maxRecordSize().toBytes();
    this.routesByTopic =
        properties.routes().values().stream()
            .collect(Collectors.toMap(InboundProperties.Route::topic, Function.identity()));
  }

  public InboundProperties.Route routeOf(String topic) {
    InboundProperties.Route route = routesByTopic.get(topic);
    if (route == null) {
      throw new PoisonRecordException("no route for topic " + topic);
    }
    return route;
  }

  public InboundMessage translate(ConsumerRecord<String, byte[]> record) {
    InboundProperties.Route route = routeOf(record.topic());
    byte[] value = record.value();
    if (value == null || value.length == 0) {
      throw new PoisonRecordException("empty value");
    }
    if (value.length > maxRecordBytes) {
      throw new PoisonRecordException(
          "record of " + value.length + " bytes exceeds the maximum of " + maxRecordBytes);
    }
    JsonNode payload = parse(value);
    String correlationKey =
        route.correlationKey().isBlank()
            ? record.key()
            : text(payload, route.correlationKey(), "correlation key");
    if (correlationKey == null || correlationKey.isBlank()) {
      throw new PoisonRecordException("missing key: the record key (the order id) is empty");
    }
    sameOrder(route, record, payload);
    String messageId = text(payload, route.messageId(), "message id");
    Map<String, Object> variables = variables(route, payload);
    if (!route.keyVariable().isBlank()) {
      variables.put(route.keyVariable(), correlationKey);
    }
    if (!route.businessTimeVariable().isBlank()) {
      variables.put(route.businessTimeVariable(), businessTime(route, record, payload).toString());
    }
    InboundMessage also =
        route.alsoPublish() == null
            ? null
            : new InboundMessage(
                route.name(),
                route.alsoPublish().messageName(),
                text(payload, route.alsoPublish().correlationKey(), "correlation key"),
                messageId,
                route.ttl(),
                variables);
    return new InboundMessage(
        route.name(), route.messageName(), correlationKey, messageId, route.ttl(), variables, also);
  }

  /** One order id per record: the record key and the payload's order id, if both, must agree. */
  private static void sameOrder(
      InboundProperties.Route route, ConsumerRecord<String, byte[]> record, JsonNode payload) {
    if (route.keyInPayload().isBlank() || record.key() == null) {
      return;
    }
    JsonNode inPayload = payload.at(JsonPointer.compile(route.keyInPayload()));
    if (inPayload.isMissingNode() || inPayload.isNull()) {
      return;
    }
    if (!inPayload.isValueNode() || !record.key().equals(inPayload.asText())) {
      throw new PoisonRecordException(
          "record key "
              + record.key()
              + " and "
              + route.keyInPayload()
              + " "
              + inPayload
              + " name different orders");
    }
  }

  /**
   * When the fact happened: the payload's own time if it has one (the producer knows best when a
   * payment was captured), otherwise the record's timestamp.
   */
  private static Instant businessTime(
      InboundProperties.Route route, ConsumerRecord<String, byte[]> record, JsonNode payload) {
    JsonNode node =
        route.businessTime().isBlank()
            ? MissingNode.getInstance()
            : payload.at(JsonPointer.compile(route.businessTime()));
    if (!node.isMissingNode() && !node.isNull()) {
      try {
        return OffsetDateTime.parse(node.asText()).toInstant();
      } catch (DateTimeParseException e) {
        throw new PoisonRecordException(
            route.businessTime() + " is not an ISO-8601 date-time with offset: " + node);
      }
    }
    if (record.timestamp() < 0) {
      throw new PoisonRecordException(
          "no business time: the record has no timestamp and no " + route.businessTime());
    }
    return Instant.ofEpochMilli(record.timestamp());
  }

  private JsonNode parse(byte[] value) {
    try {
      JsonNode payload = reader.readTree(value);
      if (payload == null || !payload.isObject()) {
        throw new PoisonRecordException("not a JSON object");
      }
      return payload;
    } catch (JsonProcessingException e) {
      throw new PoisonRecordException("not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new PoisonRecordException("unreadable value: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode payload, String pointer, String what) {
    JsonNode node = payload.at(JsonPointer.compile(pointer));
    if (node.isMissingNode() || node.isNull()) {
      throw new PoisonRecordException("missing " + what + " at " + pointer);
    }
    if (!node.isTextual() && !node.isIntegralNumber()) {
      throw new PoisonRecordException(what + " at " + pointer + " is not a string: " + node);
    }
    String text = node.asText();
    if (text.isBlank()) {
      throw new PoisonRecordException("empty " + what + " at " + pointer);
    }
    return text;
  }

  private Map<String, Object> variables(InboundProperties.Route route, JsonNode payload) {
    Map<String, Object> variables = new LinkedHashMap<>(route.staticVariables());
    for (Map.Entry<String, FieldType> field : route.variables().entrySet()) {
      JsonNode node = payload.get(field.getKey());
      if (node == null || node.isNull()) {
        if (route.required().contains(field.getKey())) {
          throw new PoisonRecordException("missing required field " + field.getKey());
        }
        continue;
      }
      if (!field.getValue().accepts(node)) {
        throw new PoisonRecordException(
            "field "
                + field.getKey()
                + " must be "
                + field.getValue().name().toLowerCase()
                + ", was "
                + node.getNodeType().name().toLowerCase());
      }
      variables.put(field.getKey(), json.convertValue(node, Object.class));
    }
    return variables;
  }

  /** The order id a record is about, for logs and dead letters: the record key, if any. */
  static String orderIdOf(ConsumerRecord<?, ?> record) {
    return record.key() == null ? "unknown" : record.key().toString();
  }
}
