package dev.orderflow.tracking;

import io.camunda.client.annotation.CustomHeaders;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Job {@value TrackingProcess#JOB_PUBLISH_SLA_BREACHED}: publishes {@code SlaBreached} for the
 * milestone named in the task header {@value TrackingProcess#HEADER_MILESTONE} and counts it in
 * {@code orderflow.tracking.sla.breached{milestone}}. A warning only: it commands nothing.
 */
@Component
public class PublishSlaBreachedWorker {

  static final String METRIC = TrackingMetrics.SLA_BREACHED;

  private final TrackingEvents events;
  private final Clock clock;
  private final Map<Milestone, Counter> breaches = new EnumMap<>(Milestone.class);

  public PublishSlaBreachedWorker(TrackingEvents events, Clock clock, MeterRegistry metrics) {
    this.events = events;
    this.clock = clock;
    for (Milestone milestone : Milestone.values()) {
      breaches.put(
          milestone,
          Counter.builder(METRIC)
              .description("SLA warnings published by passive tracking")
              .tag("milestone", milestone.id())
              .register(metrics));
    }
  }

  @JobWorker(type = TrackingProcess.JOB_PUBLISH_SLA_BREACHED)
  public void publish(
      @VariablesAsType TrackingVariables tracking, @CustomHeaders Map<String, String> headers) {
    Milestone milestone = Milestone.of(headers.get(TrackingProcess.HEADER_MILESTONE));
    events.publish(
        SlaBreached.of(
            tracking.requiredOrderId(), milestone, tracking.sla(milestone), clock.instant()));
    breaches.get(milestone).increment();
  }
}
