package dev.orderflow.kafka;

import dev.orderflow.tracking.FulfilmentTracked;
import dev.orderflow.tracking.SlaBreached;
import dev.orderflow.tracking.TrackingEnded;
import dev.orderflow.tracking.TrackingEvents;
import org.springframework.stereotype.Component;

/**
 * Tracking events through the outbound sender: warnings to {@code
 * orderflow.outbound.tracking-warnings-topic}, the one event each tracking ends with (summary or
 * end without delivery) to {@code orderflow.outbound.tracking-events-topic}, keyed by order id,
 * with {@code type} and {@code eventId} headers.
 */
@Component
public class KafkaTrackingEvents implements TrackingEvents {

  private final KafkaOutbound outbound;

  public KafkaTrackingEvents(KafkaOutbound outbound) {
    this.outbound = outbound;
  }

  @Override
  public void publish(SlaBreached warning) {
    outbound.send(
        KafkaOutbound.Topic.TRACKING_WARNINGS,
        warning.orderId(),
        warning.type(),
        warning.eventId(),
        warning);
  }

  @Override
  public void publish(FulfilmentTracked summary) {
    outbound.send(
        KafkaOutbound.Topic.TRACKING_EVENTS,
        summary.orderId(),
        summary.type(),
        summary.eventId(),
        summary);
  }

  @Override
  public void publish(TrackingEnded ended) {
    outbound.send(
        KafkaOutbound.Topic.TRACKING_EVENTS, ended.orderId(), ended.type(), ended.eventId(), ended);
  }
}
