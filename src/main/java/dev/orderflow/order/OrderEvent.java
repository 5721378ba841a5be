package dev.orderflow.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * An outcome event on the outbound topic. {@code eventId} is stable per order and outcome, so
 * consumers de-duplicate on it; {@code occurredAt} is when it was published.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderEvent(
    String eventId,
    String type,
    String orderId,
    Instant occurredAt,
    BigDecimal total,
    BigDecimal amount,
    String reason) {

  public static OrderEvent of(
      OrderEventType type, String orderId, BigDecimal total, String reason, Instant now) {
    return new OrderEvent(
        type.eventIdFor(orderId), type.typeName(), orderId, now, total, null, reason);
  }

  /** The payment's amount, for events about a payment (a refund). */
  public OrderEvent withAmount(BigDecimal paid) {
    return new OrderEvent(eventId, type, orderId, occurredAt, total, paid, reason);
  }
}
