package dev.orderflow.payment;

import dev.orderflow.order.OrderProcess;
import dev.orderflow.order.OrderVariables;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Job {@value OrderProcess#JOB_CLAIM_PAYMENT}: the order takes a payment captured within its
 * window. The payment of the message that triggered it (if any) is recorded first, so the order
 * does not depend on the payment's own process having run; then the ledger applies the order's
 * earliest payment captured by the deadline, or the one it already applied. Once the order is paid,
 * its payments are woken to settle.
 */
@Component
public class ClaimPaymentWorker {

  private final PaymentLedger ledger;
  private final PaymentWakeUps wakeUps;

  public ClaimPaymentWorker(PaymentLedger ledger, PaymentWakeUps wakeUps) {
    this.ledger = ledger;
    this.wakeUps = wakeUps;
  }

  @JobWorker(type = OrderProcess.JOB_CLAIM_PAYMENT)
  public Map<String, Object> claim(@VariablesAsType OrderVariables order) {
    if (order.paymentId() != null && order.capturedAt() != null) {
      ledger.record(
          new PaymentLedger.CapturedPayment(
              order.paymentId(),
              order.orderId(),
              order.amount(),
              Instant.parse(order.capturedAt())));
    }
    Optional<PaymentLedger.CapturedPayment> paid = ledger.claim(order.orderId());
    if (paid.isPresent()) {
      // the applied payment ends its process; any other is refunded as the order's second payment
      wakeUps.orderDecided(order.orderId());
    }
    return claimed(paid);
  }

  /** The variables that say whether the order has its payment, and which. */
  static Map<String, Object> claimed(Optional<PaymentLedger.CapturedPayment> payment) {
    if (payment.isEmpty()) {
      return Map.of(OrderProcess.VAR_PAYMENT_CLAIMED, false);
    }
    PaymentLedger.CapturedPayment applied = payment.get();
    return Map.of(
        OrderProcess.VAR_PAYMENT_CLAIMED, true,
        OrderProcess.VAR_PAYMENT_ID, applied.paymentId(),
        OrderProcess.VAR_AMOUNT, applied.amount(),
        OrderProcess.VAR_CAPTURED_AT, applied.capturedAt().toString());
  }
}
