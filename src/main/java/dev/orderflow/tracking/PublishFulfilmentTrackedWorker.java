package dev.orderflow.tracking;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Job {@value TrackingProcess#JOB_PUBLISH_FULFILMENT_TRACKED}: measures the legs of the complete
 * chain, publishes {@code FulfilmentTracked}, counts it in {@code
 * orderflow.tracking.ended{reason=delivered}} and returns the legs as process variables, so the
 * ended instance shows them in Operate.
 */
@Component
public class PublishFulfilmentTrackedWorker {

  private final TrackingEvents events;
  private final Clock clock;
  private final Counter delivered;

  public PublishFulfilmentTrackedWorker(TrackingEvents events, Clock clock, MeterRegistry metrics) {
    this.events = events;
    this.clock = clock;
    this.delivered = TrackingMetrics.ended(metrics, TrackingMetrics.REASON_DELIVERED);
  }

  @JobWorker(type = TrackingProcess.JOB_PUBLISH_FULFILMENT_TRACKED)
  public Map<String, Object> publish(@VariablesAsType TrackingVariables tracking) {
    FulfilmentLegs legs = tracking.legs();
    events.publish(FulfilmentTracked.of(tracking.requiredOrderId(), legs, clock.instant()));
    delivered.increment();
    return legs.asVariables();
  }
}
