package dev.orderflow.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code orderflow.*}: the payment window, how unapplied payments are settled, and the retry policy
 * of failing jobs. Validated at start-up, so a typo fails fast instead of as an incident hours
 * later.
 *
 * @param paymentTimeout the payment window, in business time: a payment captured within it after
 *     the order was placed is the order's. Must be positive. The engine never sees this text: the
 *     order's deadline is computed from it in Java and handed over as an ISO-8601 date-time
 * @param jobs how failing jobs are retried
 * @param payment how the payment window closes and how unapplied payments are refunded
 */
@Validated
@ConfigurationProperties("orderflow")
public record OrderflowProperties(
    @NotNull @DefaultValue("PT2H") Duration paymentTimeout,
    @Valid @DefaultValue Jobs jobs,
    @Valid @DefaultValue Payment payment) {

  public OrderflowProperties {
    positive("orderflow.payment-timeout", paymentTimeout);
    if (payment == null) {
      payment = new Payment(null, null, null, null);
    }
    payment = payment.withDefaults(paymentTimeout);
  }

  /**
   * @param orphanGrace how long a payment waits for its order to be placed before it is refunded;
   *     default: the payment window
   * @param timeoutGrace how long after its deadline an order's window stays open for payments
   *     captured in time that are still on their way (in Kafka, or behind in the bridge); the
   *     window closes only once the bridge has also taken in every payment record stamped before
   *     then
   * @param recheckInterval how often an order whose window waits for the bridge to catch up, and a
   *     payment whose order may still be in Kafka when its grace is over, are looked at again
   * @param settleBackstop how often a payment waiting for its open order settles again on its own;
   *     the order wakes its payments when it decides, so this only bounds how long a lost wake-up
   *     could keep a payment waiting (default PT1H)
   */
  public record Payment(
      Duration orphanGrace,
      Duration timeoutGrace,
      Duration recheckInterval,
      Duration settleBackstop) {

    Payment withDefaults(Duration paymentTimeout) {
      Payment full =
          new Payment(
              orphanGrace == null ? paymentTimeout : orphanGrace,
              timeoutGrace == null ? Duration.ofMinutes(1) : timeoutGrace,
              recheckInterval == null ? Duration.ofMinutes(1) : recheckInterval,
              settleBackstop == null ? Duration.ofHours(1) : settleBackstop);
      positive("orderflow.payment.orphan-grace", full.orphanGrace);
      positive("orderflow.payment.recheck-interval", full.recheckInterval);
      positive("orderflow.payment.settle-backstop", full.settleBackstop);
      if (full.timeoutGrace.isNegative()) {
        throw new IllegalArgumentException(
            "orderflow.payment.timeout-grace must not be negative, was " + full.timeoutGrace);
      }
      return full;
    }
  }

  private static void positive(String property, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(
          property + " must be a positive duration (e.g. PT2H or 2h), was " + value);
    }
  }

  /**
   * A failing job is retried with a backoff growing from {@code initialBackoff} by {@code
   * multiplier} per failure, capped at {@code maxBackoff}; after {@code maxAttempts} attempts the
   * engine raises an incident. {@code maxAttempts} must match {@code retries} in the BPMN.
   */
  public record Jobs(
      @Min(1) @DefaultValue("4") int maxAttempts,
      @NotNull @DefaultValue("1s") Duration initialBackoff,
      @DecimalMin("1.0") @DefaultValue("5") double multiplier,
      @NotNull @DefaultValue("30s") Duration maxBackoff) {

    /** The backoff before the next attempt, after {@code failedAttempts} failures (1-based). */
    public Duration backoffAfter(int failedAttempts) {
      double millis =
          initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, failedAttempts - 1));
      return Duration.ofMillis((long) Math.min(millis, maxBackoff.toMillis()));
    }
  }
}
