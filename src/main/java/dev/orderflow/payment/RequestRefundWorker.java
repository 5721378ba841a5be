package dev.orderflow.payment;

import dev.orderflow.order.OrderEvent;
import dev.orderflow.order.OrderEventType;
import dev.orderflow.order.OrderEvents;
import dev.orderflow.order.OrderProcess;
import dev.orderflow.order.OrderVariables;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * Job {@value OrderProcess#JOB_REQUEST_REFUND}: publishes {@code RefundRequested} with the amount
 * to refund and the desk's reason; the process then compensates the reservation.
 */
@Component
public class RequestRefundWorker {

  private final OrderEvents events;
  private final Clock clock;

  public RequestRefundWorker(OrderEvents events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  @JobWorker(type = OrderProcess.JOB_REQUEST_REFUND)
  public void requestRefund(@VariablesAsType OrderVariables order) {
    events.publish(
        OrderEvent.of(
                OrderEventType.REFUND_REQUESTED,
                order.orderId(),
                order.total(),
                order.refundReason(),
                clock.instant())
            .withAmount(order.amount()));
  }
}
