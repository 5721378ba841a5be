package dev.orderflow.kafka;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code orderflow.inbound.*}: the inbound bridge's consumer and publishing settings. Its routes
 * are in the models (Kafka connector elements, see {@link ModelRoutes}), not here.
 *
 * @param groupId the consumer group; explicit and stable, so offsets survive upgrades
 * @param maxRecordSize larger records are dead-lettered
 * @param publishTimeout how long to wait for the engine to accept one message
 * @param maxInFlight how many messages a consumer has sent to the engine and not yet had answered
 * @param retry backoff while the engine is unavailable (the record is retried, never skipped)
 * @param stopTimeout once the application stops, how long the bridge waits for the messages it has
 *     sent to the engine and not yet had answered; the records after the last accepted one are left
 *     uncommitted (redelivered, and dropped as duplicates if the engine had them)
 */
@Validated
@ConfigurationProperties("orderflow.inbound")
public record InboundProperties(
    @NotBlank String groupId,
    @NotNull @DefaultValue("1MB") DataSize maxRecordSize,
    @NotNull @DefaultValue("10s") Duration publishTimeout,
    @Min(1) @DefaultValue("32") int maxInFlight,
    @Valid @DefaultValue Retry retry,
    @NotNull @DefaultValue("5s") Duration stopTimeout) {

  /** Exponential backoff, capped, without end: an unavailable engine is waited for. */
  public record Retry(
      @NotNull @DefaultValue("1s") Duration initialInterval,
      @DefaultValue("2") double multiplier,
      @NotNull @DefaultValue("30s") Duration maxInterval) {}
}
