package dev.orderflow.order;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import java.time.Clock;
import org.springframework.stereotype.Component;

/** Job {@value OrderProcess#JOB_PUBLISH_ORDER_CONFIRMED}: publishes {@code OrderConfirmed}. */
@Component
public class PublishOrderConfirmedWorker {

  private final OrderEvents events;
  private final Clock clock;

  public PublishOrderConfirmedWorker(OrderEvents events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  @JobWorker(type = OrderProcess.JOB_PUBLISH_ORDER_CONFIRMED)
  public void publish(@VariablesAsType OrderVariables order) {
    events.publish(
        OrderEvent.of(
            OrderEventType.ORDER_CONFIRMED, order.orderId(), order.total(), null, clock.instant()));
  }
}
