package dev.orderflow.order;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * Job {@value OrderProcess#JOB_PUBLISH_ORDER_REJECTED}: publishes {@code OrderRejected} with the
 * reason the reservation gave.
 */
@Component
public class PublishOrderRejectedWorker {

  private final OrderEvents events;
  private final Clock clock;

  public PublishOrderRejectedWorker(OrderEvents events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  @JobWorker(type = OrderProcess.JOB_PUBLISH_ORDER_REJECTED)
  public void publish(@VariablesAsType OrderVariables order) {
    events.publish(
        OrderEvent.of(
            OrderEventType.ORDER_REJECTED,
            order.orderId(),
            order.total(),
            order.rejectionReason(),
            clock.instant()));
  }
}
