package dev.orderflow.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * An outcome event on the outbound topic as Java writes it: {@code RefundRequested}, from the
 * refund workers ({@code OrderConfirmed}, {@code OrderTimedOut} and {@code OrderRejected}, with the
 * same fields, are written by the order model's Kafka connector tasks). {@code eventId} is stable
 * per payment, so consumers de-duplicate on it; {@code occurredAt} is when it was published. A
 * refund names the payment and says whether the order is cancelled with it ({@code cancelsOrder}:
 * false when the order stays fulfilled, e.g. a second payment of a paid order).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderEvent(
    String eventId,
    String type,
    String orderId,
    Instant occurredAt,
    BigDecimal total,
    BigDecimal amount,
    String reason,
    String paymentId,
    Boolean cancelsOrder) {

  /** {@code RefundRequested} for one payment, with an event id stable per payment. */
  public static OrderEvent refund(
      String orderId,
      String paymentId,
      BigDecimal amount,
      String reason,
      boolean cancelsOrder,
      BigDecimal total,
      Instant now) {
    OrderEventType type = OrderEventType.REFUND_REQUESTED;
    return new OrderEvent(
        type.eventIdFor(orderId, paymentId),
        type.typeName(),
        orderId,
        now,
        total,
        amount,
        reason,
        paymentId,
        cancelsOrder);
  }
}
