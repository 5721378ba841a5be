package dev.orderflow.kafka;

import java.util.Map;

/**
 * A record that a Kafka connector task of a model published, once the broker acknowledged it: a
 * Spring application event, for what counts the events a model publishes (tracking's meters).
 *
 * @param topic where it was written
 * @param key the record key (the order id, for Orderflow's events)
 * @param headers the record headers, as text ({@code type}, {@code eventId})
 * @param value the value as JSON was read back: maps, lists, strings, numbers; or the text
 */
public record OutboundRecordPublished(
    String topic, String key, Map<String, String> headers, Object value) {

  /** The {@code type} header, or null. */
  public String type() {
    return headers.get(KafkaOutbound.TYPE_HEADER);
  }

  /** A top-level field of a JSON object value, or null. */
  public Object field(String name) {
    return value instanceof Map<?, ?> map ? map.get(name) : null;
  }
}
