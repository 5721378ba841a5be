package dev.orderflow.kafka;

import java.time.Duration;
import java.util.Map;

/** A record translated into what the engine needs to publish a message. */
public record InboundMessage(
    String route,
    String messageName,
    String correlationKey,
    String messageId,
    Duration ttl,
    Map<String, Object> variables) {}
