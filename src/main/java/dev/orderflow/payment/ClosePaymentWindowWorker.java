package dev.orderflow.payment;

import dev.orderflow.order.OrderProcess;
import dev.orderflow.order.OrderVariables;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Job {@value OrderProcess#JOB_CLOSE_PAYMENT_WINDOW}, when the order's window has ended in business
 * time (deadline plus {@code orderflow.payment.timeout-grace}): takes a payment captured in time if
 * the ledger has one; otherwise closes the window unpaid only once the bridge has taken in every
 * payment record stamped before the window's end, so a payment captured in time but still in Kafka
 * (a backlog, an outage, a burst) is waited for. Until then {@code paymentWindowClosed} is false
 * and the process looks again after {@code orderflow.payment.recheck-interval}. Once it decides,
 * the order's payments are woken to settle.
 */
@Component
public class ClosePaymentWindowWorker {

  private static final Logger log = LoggerFactory.getLogger(ClosePaymentWindowWorker.class);

  private final PaymentLedger ledger;
  private final PaymentIntake intake;
  private final PaymentWakeUps wakeUps;

  public ClosePaymentWindowWorker(
      PaymentLedger ledger, PaymentIntake intake, PaymentWakeUps wakeUps) {
    this.ledger = ledger;
    this.intake = intake;
    this.wakeUps = wakeUps;
  }

  @JobWorker(type = OrderProcess.JOB_CLOSE_PAYMENT_WINDOW)
  public Map<String, Object> close(@VariablesAsType OrderVariables order) {
    Optional<PaymentLedger.CapturedPayment> paid = ledger.claim(order.orderId());
    if (paid.isPresent()) {
      wakeUps.orderDecided(order.orderId());
      return ClaimPaymentWorker.claimed(paid);
    }
    Instant closesAt = Instant.parse(order.paymentWindowClosesAt());
    if (!intake.takenInUpTo(order.orderId(), closesAt)) {
      log.info(
          "Payment window of order {} ended at {}, but payments stamped before then may still be"
              + " on their way: looking again later",
          order.orderId(),
          closesAt);
      return Map.of(OrderProcess.VAR_PAYMENT_CLAIMED, false, OrderProcess.VAR_WINDOW_CLOSED, false);
    }
    paid = ledger.closeUnpaid(order.orderId());
    // paid after all, or closed: either way the order has decided, and its payments settle now
    wakeUps.orderDecided(order.orderId());
    if (paid.isPresent()) {
      return ClaimPaymentWorker.claimed(paid);
    }
    return Map.of(OrderProcess.VAR_PAYMENT_CLAIMED, false, OrderProcess.VAR_WINDOW_CLOSED, true);
  }
}
