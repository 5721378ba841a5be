package dev.orderflow.kafka;

import java.time.Duration;
import java.util.Map;

/**
 * A record translated into what the engine needs to publish a message; {@code also}, if not null,
 * is a second message the same record becomes (see {@link InboundProperties.AlsoPublish}).
 */
public record InboundMessage(
    String route,
    String messageName,
    String correlationKey,
    String messageId,
    Duration ttl,
    Map<String, Object> variables,
    InboundMessage also) {

  public InboundMessage(
      String route,
      String messageName,
      String correlationKey,
      String messageId,
      Duration ttl,
      Map<String, Object> variables) {
    this(route, messageName, correlationKey, messageId, ttl, variables, null);
  }
}
