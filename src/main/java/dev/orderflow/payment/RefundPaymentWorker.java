package dev.orderflow.payment;

import dev.orderflow.order.OrderEvent;
import dev.orderflow.order.OrderEvents;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * Job {@value PaymentProcess#JOB_REFUND_PAYMENT}: publishes {@code RefundRequested} for a payment
 * no order applied, with the reason the settlement gave. The event id is stable per payment, so a
 * retried job writes the same event.
 */
@Component
public class RefundPaymentWorker {

  private final OrderEvents events;
  private final PaymentLedger ledger;
  private final Clock clock;

  public RefundPaymentWorker(OrderEvents events, PaymentLedger ledger, Clock clock) {
    this.events = events;
    this.ledger = ledger;
    this.clock = clock;
  }

  @JobWorker(type = PaymentProcess.JOB_REFUND_PAYMENT)
  public void refund(@VariablesAsType PaymentVariables payment) {
    events.publish(
        OrderEvent.refund(
            payment.orderId(),
            payment.paymentId(),
            payment.amount(),
            payment.refundReason(),
            !Boolean.FALSE.equals(payment.cancelsOrder()),
            null,
            clock.instant()));
    ledger.refunded(payment.paymentId());
  }
}
