package dev.orderflow.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.orderflow.kafka.ModelRoutes.Subscription;
import dev.orderflow.kafka.ModelRoutes.TopicRoute;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.stereotype.Component;

/**
 * Translates a record into the messages its topic's subscriptions ({@link ModelRoutes}) make of it,
 * or throws {@link PoisonRecordException} saying why it cannot. The expressions see the record as
 * Camunda's Kafka connector shows it: {@code key}, {@code rawValue} (the value as text), {@code
 * value} (parsed from JSON), {@code headers} (name to text), plus {@code timestamp}, the record's
 * timestamp as ISO-8601 (null if it has none), which business time falls back on. Only what a
 * result expression (or result variable) names becomes a process variable.
 *
 * <p>A record that no subscription's activation condition takes is skipped (an empty list) if every
 * subscription of the topic consumes unmatched events, and dead-lettered otherwise. An expression
 * that fails on a record (e.g. an {@code assert} in the model) dead-letters it with the
 * expression's reason; the next record flows.
 */
@Component
public class RecordTranslator {

  private final ObjectReader reader;
  private final long maxRecordBytes;
  private final ModelRoutes routes;

  public RecordTranslator(ObjectMapper json, InboundProperties properties, ModelRoutes routes) {
    // straight into maps and lists, the values FEEL reads (no tree to convert per record)
    this.reader = json.readerFor(Object.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.maxRecordBytes = properties.maxRecordSize().toBytes();
    this.routes = routes;
  }

  /** The messages the record becomes, in model order; empty if it is skipped as unmatched. */
  public List<InboundMessage> translate(ConsumerRecord<String, byte[]> record) {
    TopicRoute route =
        routes
            .route(record.topic())
            .orElseThrow(() -> new PoisonRecordException("no route for topic " + record.topic()));
    byte[] value = record.value();
    if (value == null || value.length == 0) {
      throw new PoisonRecordException("empty value");
    }
    if (value.length > maxRecordBytes) {
      throw new PoisonRecordException(
          "record of " + value.length + " bytes exceeds the maximum of " + maxRecordBytes);
    }
    Evaluation evaluation = new Evaluation(context(record, value, parse(value)));
    List<InboundMessage> messages = new ArrayList<>(route.subscriptions().size());
    List<String> declined = new ArrayList<>();
    boolean skip = true;
    for (Subscription subscription : route.subscriptions()) {
      if (activated(subscription, evaluation)) {
        messages.add(message(subscription, evaluation));
      } else {
        declined.addAll(subscription.elements());
        skip &= subscription.consumeUnmatched();
      }
    }
    if (messages.isEmpty() && !skip) {
      throw new PoisonRecordException(
          "no element takes the record: the activation conditions of "
              + String.join(", ", declined)
              + " are not met");
    }
    return messages;
  }

  /**
   * One record's expressions: its values mapped into FEEL once, and each distinct expression
   * evaluated once (the subscriptions of one topic often share them, e.g. the message id).
   */
  private static final class Evaluation {
    final Map<String, Object> plain;
    final Feel.Variables feel;
    final Map<String, Object> results = new HashMap<>();

    Evaluation(Map<String, Object> plain) {
      this.plain = plain;
      this.feel = Feel.prepared(plain);
    }

    Object evaluate(Feel.Expression expression) {
      if (results.containsKey(expression.text())) {
        return results.get(expression.text());
      }
      Object result;
      try {
        result = expression.evaluate(feel);
      } catch (Feel.EvaluationException e) {
        throw new PoisonRecordException(e.getMessage(), e);
      }
      results.put(expression.text(), result);
      return result;
    }
  }

  private static boolean activated(Subscription subscription, Evaluation record) {
    return subscription.activation() == null
        || Boolean.TRUE.equals(record.evaluate(subscription.activation()));
  }

  private static InboundMessage message(Subscription subscription, Evaluation record) {
    String correlationKey =
        subscription.correlationKey() == null
            ? ""
            : text(subscription.correlationKey(), record, "correlation key");
    String messageId = text(subscription.messageId(), record, "message id");
    Map<String, Object> variables = new LinkedHashMap<>();
    if (!subscription.resultVariable().isEmpty()) {
      variables.put(subscription.resultVariable(), record.plain);
    }
    if (subscription.result() != null) {
      Object result = record.evaluate(subscription.result());
      if (result instanceof Map<?, ?> map) {
        map.forEach((name, variable) -> variables.put(String.valueOf(name), variable));
      } else if (result != null) {
        throw new PoisonRecordException(
            subscription.result().where()
                + " must give a context of variables, gave "
                + describe(result));
      }
    }
    return new InboundMessage(
        subscription.topic(),
        subscription.messageName(),
        correlationKey,
        messageId,
        subscription.ttl(),
        variables);
  }

  private static String text(Feel.Expression expression, Evaluation record, String what) {
    Object value = record.evaluate(expression);
    if (value instanceof String || value instanceof Number) {
      String text = value.toString();
      if (!text.isBlank()) {
        return text;
      }
    }
    throw new PoisonRecordException(
        "missing " + what + ": " + expression.where() + " gave " + describe(value));
  }

  private static String describe(Object value) {
    return value == null ? "null" : value instanceof String s ? "\"" + s + "\"" : value.toString();
  }

  private static Map<String, Object> context(
      ConsumerRecord<String, byte[]> record, byte[] raw, Map<?, ?> payload) {
    Map<String, Object> context = new HashMap<>(8);
    context.put("key", record.key());
    context.put("rawValue", new String(raw, StandardCharsets.UTF_8));
    context.put("value", payload);
    Map<String, Object> headers = new LinkedHashMap<>();
    for (Header header : record.headers()) {
      headers.put(
          header.key(),
          header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
    }
    context.put("headers", headers);
    context.put(
        "timestamp",
        record.timestamp() < 0 ? null : Instant.ofEpochMilli(record.timestamp()).toString());
    return context;
  }

  private Map<?, ?> parse(byte[] value) {
    try {
      if (reader.readValue(value) instanceof Map<?, ?> payload) {
        return payload;
      }
      throw new PoisonRecordException("not a JSON object");
    } catch (JsonProcessingException e) {
      throw new PoisonRecordException("not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new PoisonRecordException("unreadable value: " + e.getMessage(), e);
    }
  }

  /** The order id a record is about, for logs and dead letters: the record key, if any. */
  static String orderIdOf(ConsumerRecord<?, ?> record) {
    return record.key() == null ? "unknown" : record.key().toString();
  }
}
