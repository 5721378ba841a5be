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
 * {@code orderflow.*}: the payment window and the retry policy of failing jobs. Validated at
 * start-up, so a typo fails fast instead of as an incident hours later.
 *
 * @param paymentTimeout how long an order waits for its payment (the boundary timer); the bridge
 *     hands it to each new order as the variable {@code paymentTimeout}
 * @param jobs how failing jobs are retried
 */
@Validated
@ConfigurationProperties("orderflow")
public record OrderflowProperties(
    @NotNull @DefaultValue("PT2H") Duration paymentTimeout, @Valid @DefaultValue Jobs jobs) {

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
