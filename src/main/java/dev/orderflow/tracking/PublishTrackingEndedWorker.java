package dev.orderflow.tracking;

import io.camunda.client.annotation.CustomHeaders;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Job {@value TrackingProcess#JOB_PUBLISH_TRACKING_ENDED}: the tracking ended without a delivery,
 * for the reason named in the task header {@value TrackingProcess#HEADER_ENDED_BY} ({@link
 * EndedBy}). Publishes {@code TrackingEnded} with the outcome or the horizon and the legs measured
 * so far, counts it in {@code orderflow.tracking.ended{reason}} (the outcome's type, or {@code
 * horizon}), and returns those legs as process variables, so the ended instance shows them in
 * Operate.
 */
@Component
public class PublishTrackingEndedWorker {

  private final TrackingEvents events;
  private final Clock clock;
  private final MeterRegistry metrics;

  public PublishTrackingEndedWorker(TrackingEvents events, Clock clock, MeterRegistry metrics) {
    this.events = events;
    this.clock = clock;
    this.metrics = metrics;
  }

  @JobWorker(type = TrackingProcess.JOB_PUBLISH_TRACKING_ENDED)
  public Map<String, Object> publish(
      @VariablesAsType TrackingVariables tracking, @CustomHeaders Map<String, String> headers) {
    EndedBy endedBy = EndedBy.of(headers.get(TrackingProcess.HEADER_ENDED_BY));
    String orderId = tracking.requiredOrderId();
    Map<String, Duration> legs = tracking.legsSoFar();
    List<String> seen = tracking.seen();
    TrackingEnded ended =
        switch (endedBy) {
          case OUTCOME ->
              TrackingEnded.byOutcome(
                  orderId, tracking.requiredOutcome(), seen, legs, clock.instant());
          case HORIZON ->
              TrackingEnded.atHorizon(orderId, tracking.horizon(), seen, legs, clock.instant());
        };
    events.publish(ended);
    String reason = endedBy == EndedBy.OUTCOME ? ended.outcome() : EndedBy.HORIZON.id();
    TrackingMetrics.ended(metrics, reason).increment();
    Map<String, Object> variables = new LinkedHashMap<>();
    legs.forEach((leg, duration) -> variables.put(leg, duration.toString()));
    return variables;
  }
}
