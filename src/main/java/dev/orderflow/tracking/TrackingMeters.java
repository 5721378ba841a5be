package dev.orderflow.tracking;

import dev.orderflow.kafka.OutboundRecordPublished;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Counts tracking's events once the broker acknowledged them (the model's Kafka connector tasks
 * publish them): {@code orderflow.tracking.sla.breached{milestone}} for each {@code SlaBreached},
 * {@code orderflow.tracking.ended{reason}} for each {@code FulfilmentTracked} ({@code delivered})
 * and {@code TrackingEnded} (the outcome's type, or {@code horizon}).
 */
@Component
public class TrackingMeters {

  static final String SLA_BREACHED = "SlaBreached";
  static final String FULFILMENT_TRACKED = "FulfilmentTracked";
  static final String TRACKING_ENDED = "TrackingEnded";

  private final MeterRegistry metrics;
  private final Map<Milestone, Counter> breaches = new EnumMap<>(Milestone.class);

  public TrackingMeters(MeterRegistry metrics) {
    this.metrics = metrics;
    for (Milestone milestone : Milestone.values()) {
      breaches.put(
          milestone,
          Counter.builder(TrackingMetrics.SLA_BREACHED)
              .description("SLA warnings published by passive tracking")
              .tag("milestone", milestone.id())
              .register(metrics));
    }
  }

  @EventListener
  public void published(OutboundRecordPublished event) {
    String type = event.type();
    if (type == null) {
      return;
    }
    switch (type) {
      case SLA_BREACHED -> {
        Object milestone = event.field("milestone");
        if (milestone != null) {
          breaches.get(Milestone.of(milestone.toString())).increment();
        }
      }
      case FULFILMENT_TRACKED ->
          TrackingMetrics.ended(metrics, TrackingMetrics.REASON_DELIVERED).increment();
      case TRACKING_ENDED -> {
        Object reason =
            "horizon".equals(event.field("endedBy")) ? "horizon" : event.field("outcome");
        if (reason != null) {
          TrackingMetrics.ended(metrics, reason.toString()).increment();
        }
      }
      default -> {
        // not one of tracking's events
      }
    }
  }
}
