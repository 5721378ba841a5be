package dev.orderflow.kafka;

/**
 * Told of each message the engine accepted (published, or dropped as a duplicate of its message
 * id), before the bridge commits the record's offset. If it throws, the record counts as refused
 * and is retried, never skipped; so it must be idempotent, and quick: it runs on the engine
 * client's answer, inside the bridge's in-flight budget.
 */
@FunctionalInterface
public interface MessageAcceptedListener {

  void accepted(InboundMessage message);
}
