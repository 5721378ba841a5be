package dev.orderflow.payment;

import dev.orderflow.order.OrderEvent;
import dev.orderflow.order.OrderEvents;
import dev.orderflow.order.OrderProcess;
import dev.orderflow.order.OrderVariables;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * Job {@value OrderProcess#JOB_REQUEST_REFUND}: the order desk refunds the order's payment and
 * cancels the order. Publishes {@code RefundRequested} for that payment (event id stable per
 * payment, {@code cancelsOrder} true) with the desk's reason, and records it in the ledger, so the
 * payment's own process does not refund it again; the process then compensates the reservation.
 */
@Component
public class RequestRefundWorker {

  private final OrderEvents events;
  private final PaymentLedger ledger;
  private final PaymentWakeUps wakeUps;
  private final Clock clock;

  public RequestRefundWorker(
      OrderEvents events, PaymentLedger ledger, PaymentWakeUps wakeUps, Clock clock) {
    this.events = events;
    this.ledger = ledger;
    this.wakeUps = wakeUps;
    this.clock = clock;
  }

  @JobWorker(type = OrderProcess.JOB_REQUEST_REFUND)
  public void requestRefund(@VariablesAsType OrderVariables order) {
    events.publish(
        OrderEvent.refund(
            order.orderId(),
            order.paymentId(),
            order.amount(),
            order.refundReason(),
            true,
            order.total(),
            clock.instant()));
    ledger.refundedByDesk(order.orderId(), order.paymentId(), order.refundReason());
    wakeUps.orderDecided(order.orderId());
  }
}
