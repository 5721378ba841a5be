package dev.orderflow.payment;

import dev.orderflow.config.OrderflowProperties;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The payment window in business time, from the validated {@code orderflow.payment-timeout} and
 * {@code orderflow.payment.*}: the engine gets the results as ISO-8601 date-times and durations.
 */
@Component
public class PaymentWindows {

  private final OrderflowProperties.Payment payment;
  private final Duration timeout;

  public PaymentWindows(OrderflowProperties properties) {
    this.timeout = properties.paymentTimeout();
    this.payment = properties.payment();
  }

  /** The last moment a payment may be captured to be the order's. */
  public Instant deadline(Instant placedAt) {
    return placedAt.plus(timeout);
  }

  /** When the order stops waiting for payments captured in time but still on their way. */
  public Instant closesAt(Instant deadline) {
    return deadline.plus(payment.timeoutGrace());
  }

  /**
   * When a payment whose order was never placed is refunded, the grace counted from {@code from}.
   */
  public Instant orphanGraceEndsAt(Instant from) {
    return from.plus(payment.orphanGrace());
  }

  public Duration recheckInterval() {
    return payment.recheckInterval();
  }

  public Duration settleBackstop() {
    return payment.settleBackstop();
  }

  public Duration orphanGrace() {
    return payment.orphanGrace();
  }
}
