package dev.orderflow.order;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import java.time.Clock;
import org.springframework.stereotype.Component;

/** Job {@value OrderProcess#JOB_PUBLISH_ORDER_TIMED_OUT}: publishes {@code OrderTimedOut}. */
@Component
public class PublishOrderTimedOutWorker {

  static final String REASON = "no payment within the payment window";

  private final OrderEvents events;
  private final Clock clock;

  public PublishOrderTimedOutWorker(OrderEvents events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  @JobWorker(type = OrderProcess.JOB_PUBLISH_ORDER_TIMED_OUT)
  public void publish(@VariablesAsType OrderVariables order) {
    events.publish(
        OrderEvent.of(
            OrderEventType.ORDER_TIMED_OUT,
            order.orderId(),
            order.total(),
            REASON,
            clock.instant()));
  }
}
