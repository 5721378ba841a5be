package dev.orderflow.kafka;

import java.time.Duration;
import java.util.Map;

/**
 * A message a record becomes, as the engine publishes it.
 *
 * @param topic the record's topic: the route, in metrics and logs
 */
public record InboundMessage(
    String topic,
    String messageName,
    String correlationKey,
    String messageId,
    Duration ttl,
    Map<String, Object> variables) {}
