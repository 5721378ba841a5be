package dev.orderflow.kafka;

import com.fasterxml.jackson.core.JsonPointer;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code orderflow.inbound.*}: the inbound bridge. Routes are configuration: adding a topic needs
 * no Java. A route that cannot work is refused at start-up with its name and the field.
 *
 * @param groupId the consumer group; explicit and stable, so offsets survive upgrades
 * @param maxRecordSize larger records are dead-lettered
 * @param publishTimeout how long to wait for the engine to accept one message
 * @param maxInFlight how many messages a consumer has sent to the engine and not yet had answered
 * @param retry backoff while the engine is unavailable (the record is retried, never skipped)
 * @param routes one per topic, by name; a profile or another property source can add routes
 * @param stopTimeout once the application stops, how long the bridge waits for the messages it has
 *     sent to the engine and not yet had answered; the records after the last accepted one are left
 *     uncommitted (redelivered, and dropped as duplicates if the engine had them)
 */
@Validated
@ConfigurationProperties("orderflow.inbound")
public record InboundProperties(
    @NotBlank String groupId,
    @NotNull @DefaultValue("1MB") DataSize maxRecordSize,
    @NotNull @DefaultValue("10s") Duration publishTimeout,
    @Min(1) @DefaultValue("32") int maxInFlight,
    @Valid @DefaultValue Retry retry,
    @NotEmpty Map<String, @Valid Route> routes,
    @NotNull @DefaultValue("5s") Duration stopTimeout) {

  public InboundProperties {
    if (routes == null || routes.isEmpty()) {
      throw new IllegalArgumentException(
          "orderflow.inbound.routes: at least one route is needed, or the bridge reads nothing");
    }
    Map<String, Route> named = new LinkedHashMap<>();
    Map<String, String> routeByTopic = new HashMap<>();
    routes.forEach(
        (key, route) -> {
          String where = "orderflow.inbound.routes." + key;
          Route withName = route.named(key);
          String other = routeByTopic.putIfAbsent(withName.topic(), key);
          if (other != null) {
            throw new IllegalArgumentException(
                where + ": topic " + withName.topic() + " already has the route " + other);
          }
          withName.validate(where);
          named.put(key, withName);
        });
    routes = Collections.unmodifiableMap(named);
  }

  /** The topics the bridge subscribes to. */
  public List<String> topics() {
    return routes.values().stream().map(Route::topic).toList();
  }

  /** Exponential backoff, capped, without end: an unavailable engine is waited for. */
  public record Retry(
      @NotNull @DefaultValue("1s") Duration initialInterval,
      @DefaultValue("2") double multiplier,
      @NotNull @DefaultValue("30s") Duration maxInterval) {}

  /**
   * A second message for every record of a route.
   *
   * @param messageName the BPMN message name
   * @param correlationKey a JSON pointer into the payload (required)
   */
  public record AlsoPublish(String messageName, String correlationKey) {}

  /**
   * One topic's translation into engine messages.
   *
   * @param name the route's key under {@code orderflow.inbound.routes}, used in metrics and errors
   * @param topic the Kafka topic
   * @param messageName the BPMN message name
   * @param correlationKey a JSON pointer into the payload; empty means the record key
   * @param messageId a JSON pointer to the business event id (required: the engine drops a second
   *     message with the same id while the first is buffered)
   * @param ttl how long the engine holds a message nobody waits for yet
   * @param variables the allow-list: payload field name to its required type; nothing else from a
   *     record becomes a process variable
   * @param required the variables a record must carry
   * @param staticVariables constants added to every message of the route
   * @param keyVariable if set, the variable that carries the correlation key (the order id), so a
   *     process that a message of this route starts knows what to correlate its next messages by
   * @param keyInPayload a JSON pointer to the order id in the payload; when a record has both a key
   *     and this field, they must name the same order, or the record is dead-lettered
   * @param businessTime a JSON pointer to when the fact happened (ISO-8601); when the payload has
   *     none, the record's timestamp is taken
   * @param businessTimeVariable the variable that carries the business time, as ISO-8601 (none if
   *     empty)
   * @param alsoPublish a second message each record becomes, under another name and correlation key
   *     (e.g. one that starts a process per payment), with the same id, TTL and variables
   */
  public record Route(
      String name,
      @NotBlank String topic,
      @NotBlank String messageName,
      @DefaultValue("") String correlationKey,
      String messageId,
      @NotNull @DefaultValue("PT0S") Duration ttl,
      @DefaultValue Map<String, FieldType> variables,
      @DefaultValue List<String> required,
      @DefaultValue Map<String, String> staticVariables,
      @DefaultValue("") String keyVariable,
      @DefaultValue("") String keyInPayload,
      @DefaultValue("") String businessTime,
      @DefaultValue("") String businessTimeVariable,
      @Valid AlsoPublish alsoPublish) {

    @ConstructorBinding
    public Route {}

    /** A route without order-id check, business time or second message. */
    public Route(
        String name,
        String topic,
        String messageName,
        String correlationKey,
        String messageId,
        Duration ttl,
        Map<String, FieldType> variables,
        List<String> required,
        Map<String, String> staticVariables,
        String keyVariable) {
      this(
          name,
          topic,
          messageName,
          correlationKey,
          messageId,
          ttl,
          variables,
          required,
          staticVariables,
          keyVariable,
          "",
          "",
          "",
          null);
    }

    Route named(String key) {
      return new Route(
          key,
          topic,
          messageName,
          correlationKey,
          messageId,
          ttl,
          variables,
          required,
          staticVariables,
          keyVariable,
          keyInPayload,
          businessTime,
          businessTimeVariable,
          alsoPublish);
    }

    void validate(String where) {
      if (messageId == null || messageId.isBlank()) {
        throw new IllegalArgumentException(
            where
                + ": message-id is missing; give a JSON pointer to the event id (e.g. /eventId),"
                + " so the engine can drop duplicates");
      }
      pointer(where, "message-id", messageId);
      if (!correlationKey.isBlank()) {
        pointer(where, "correlation-key", correlationKey);
      }
      if (ttl.isNegative()) {
        throw new IllegalArgumentException(where + ": ttl must not be negative: " + ttl);
      }
      for (String field : required) {
        if (!variables.containsKey(field)) {
          throw new IllegalArgumentException(
              where + ": required field " + field + " is not in variables");
        }
      }
      for (String field : staticVariables.keySet()) {
        if (variables.containsKey(field)) {
          throw new IllegalArgumentException(
              where + ": static-variables." + field + " is also a payload variable");
        }
      }
      if (variables.containsKey(keyVariable) || staticVariables.containsKey(keyVariable)) {
        throw new IllegalArgumentException(
            where + ": key-variable " + keyVariable + " is also a payload or static variable");
      }
      if (!keyInPayload.isBlank()) {
        pointer(where, "key-in-payload", keyInPayload);
      }
      if (!businessTime.isBlank()) {
        pointer(where, "business-time", businessTime);
      }
      if (!businessTimeVariable.isBlank()
          && (variables.containsKey(businessTimeVariable)
              || staticVariables.containsKey(businessTimeVariable)
              || businessTimeVariable.equals(keyVariable))) {
        throw new IllegalArgumentException(
            where
                + ": business-time-variable "
                + businessTimeVariable
                + " is also a payload, static or key variable");
      }
      if (alsoPublish != null) {
        if (alsoPublish.messageName() == null
            || alsoPublish.messageName().isBlank()
            || alsoPublish.messageName().equals(messageName)) {
          throw new IllegalArgumentException(
              where + ": also-publish.message-name must name another message than " + messageName);
        }
        if (alsoPublish.correlationKey() == null || alsoPublish.correlationKey().isBlank()) {
          throw new IllegalArgumentException(
              where + ": also-publish.correlation-key is missing; give a JSON pointer");
        }
        pointer(where, "also-publish.correlation-key", alsoPublish.correlationKey());
      }
    }

    private static void pointer(String where, String field, String value) {
      try {
        JsonPointer.compile(value);
      } catch (IllegalArgumentException e) {
        // the cause's text goes into the message: start-up reports show only one message
        throw new IllegalArgumentException(
            where
                + ": "
                + field
                + " is not a JSON pointer: "
                + value
                + " ("
                + e.getMessage()
                + ")");
      }
    }
  }
}
