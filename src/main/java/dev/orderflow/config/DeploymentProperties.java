package dev.orderflow.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code orderflow.deployment.*}: how the application deploys its models and forms at start-up.
 *
 * @param retry the backoff between attempts while the engine does not take the deployment (not up
 *     yet on a cold start, or unreachable): attempts go on until one succeeds
 * @param timeout how long one attempt waits for the engine's answer
 */
@Validated
@ConfigurationProperties("orderflow.deployment")
public record DeploymentProperties(
    @Valid @DefaultValue Retry retry, @NotNull @DefaultValue("10s") Duration timeout) {

  public record Retry(
      @NotNull @DefaultValue("1s") Duration initialInterval,
      @DecimalMin("1.0") @DefaultValue("2") double multiplier,
      @NotNull @DefaultValue("30s") Duration maxInterval) {

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} failures (1-based). */
    Duration after(int attempt) {
      double millis = initialInterval.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
      return Duration.ofMillis((long) Math.min(millis, maxInterval.toMillis()));
    }
  }
}
