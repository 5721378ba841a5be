package dev.orderflow.payment;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Job {@value PaymentProcess#JOB_SETTLE_PAYMENT}: whether the payment was applied by its order,
 * must be refunded (and why, and whether the order is cancelled with it), or waits for its order.
 *
 * <p>A payment is an orphan only once its grace is over, its order has neither arrived nor opened a
 * window, and no order record stamped within the grace can still be on its way: the bridge has
 * taken in the orders topic up to the grace's end on the order's partition. While it has not (a
 * burst or a backlog in Kafka), the payment looks again after {@code
 * orderflow.payment.recheck-interval}; otherwise it waits for its order's decision, with {@code
 * orderflow.payment.settle-backstop} as the backstop ({@value
 * PaymentProcess#VAR_SETTLE_AGAIN_AFTER}).
 */
@Component
public class SettlePaymentWorker {

  private static final Logger log = LoggerFactory.getLogger(SettlePaymentWorker.class);

  private final PaymentLedger ledger;
  private final PaymentIntake intake;
  private final PaymentWindows windows;

  public SettlePaymentWorker(PaymentLedger ledger, PaymentIntake intake, PaymentWindows windows) {
    this.ledger = ledger;
    this.intake = intake;
    this.windows = windows;
  }

  @JobWorker(type = PaymentProcess.JOB_SETTLE_PAYMENT)
  public Map<String, Object> settle(@VariablesAsType PaymentVariables payment) {
    boolean graceOver = Boolean.TRUE.equals(payment.orphanGraceElapsed());
    boolean orderMayStillCome =
        graceOver
            && !ledger.knows(payment.orderId())
            && !intake.ordersTakenInUpTo(
                payment.orderId(), Instant.parse(payment.orphanGraceEndsAt()));
    if (orderMayStillCome) {
      log.info(
          "Payment {}: order {} has not arrived, but order records stamped within the grace may"
              + " still be on their way: looking again later",
          payment.paymentId(),
          payment.orderId());
    }
    PaymentLedger.Settlement settlement =
        ledger.settle(payment.paymentId(), graceOver && !orderMayStillCome);
    Map<String, Object> variables = new HashMap<>();
    variables.put(PaymentProcess.VAR_SETTLEMENT, settlement.settlement());
    variables.put(
        PaymentProcess.VAR_SETTLE_AGAIN_AFTER,
        (orderMayStillCome ? windows.recheckInterval() : windows.settleBackstop()).toString());
    if (settlement.refundReason() != null) {
      log.info(
          "Payment {} for order {} is refunded: {}",
          payment.paymentId(),
          payment.orderId(),
          settlement.refundReason());
      variables.put(PaymentProcess.VAR_REFUND_REASON, settlement.refundReason());
      variables.put(PaymentProcess.VAR_CANCELS_ORDER, settlement.cancelsOrder());
    }
    return variables;
  }
}
