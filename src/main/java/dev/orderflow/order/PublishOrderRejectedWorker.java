package dev.orderflow.order;

import dev.orderflow.payment.PaymentLedger;
import dev.orderflow.payment.PaymentWakeUps;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * Job {@value OrderProcess#JOB_PUBLISH_ORDER_REJECTED}: publishes {@code OrderRejected} with the
 * reason the reservation gave. Its payments, if any came, are refunded: they are woken to settle.
 */
@Component
public class PublishOrderRejectedWorker {

  private final OrderEvents events;
  private final PaymentLedger ledger;
  private final PaymentWakeUps wakeUps;
  private final Clock clock;

  public PublishOrderRejectedWorker(
      OrderEvents events, PaymentLedger ledger, PaymentWakeUps wakeUps, Clock clock) {
    this.events = events;
    this.ledger = ledger;
    this.wakeUps = wakeUps;
    this.clock = clock;
  }

  @JobWorker(type = OrderProcess.JOB_PUBLISH_ORDER_REJECTED)
  public void publish(@VariablesAsType OrderVariables order) {
    ledger.rejectOrder(order.orderId());
    wakeUps.orderDecided(order.orderId());
    events.publish(
        OrderEvent.of(
            OrderEventType.ORDER_REJECTED,
            order.orderId(),
            order.total(),
            order.rejectionReason(),
            clock.instant()));
  }
}
