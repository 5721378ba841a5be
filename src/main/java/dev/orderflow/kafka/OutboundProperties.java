package dev.orderflow.kafka;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code orderflow.outbound.*}: where the outbound sender writes, keyed by order id. The models'
 * Kafka connector tasks name these topics as placeholders ({@code ${orderflow.outbound.topic}}),
 * resolved from this configuration.
 *
 * @param topic the order's outcome events
 * @param trackingWarningsTopic passive tracking's {@code SlaBreached} warnings
 * @param trackingEventsTopic passive tracking's {@code FulfilmentTracked} summaries
 * @param sendTimeout how long a publishing job waits for the broker, from before the send call to
 *     the acknowledgement: the worst-case time of a publishing job; at most half the job timeout
 * @param maxJobsActive how many jobs of each publishing job type run at once, so that a slow broker
 *     cannot hold every worker thread (see {@link PublishingWorkers})
 */
@Validated
@ConfigurationProperties("orderflow.outbound")
public record OutboundProperties(
    @NotBlank @DefaultValue("orders.events") String topic,
    @NotBlank @DefaultValue("tracking.warnings") String trackingWarningsTopic,
    @NotBlank @DefaultValue("tracking.events") String trackingEventsTopic,
    @NotNull @DefaultValue("10s") Duration sendTimeout,
    @Min(1) @DefaultValue("8") int maxJobsActive) {

  /** Every topic the sender writes to, for creating them at start-up. */
  public List<String> topics() {
    return List.of(topic, trackingWarningsTopic, trackingEventsTopic);
  }
}
