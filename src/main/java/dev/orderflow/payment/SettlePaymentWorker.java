package dev.orderflow.payment;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Job {@value PaymentProcess#JOB_SETTLE_PAYMENT}: whether the payment was applied by its order,
 * must be refunded (and why, and whether the order is cancelled with it), or waits for its order.
 */
@Component
public class SettlePaymentWorker {

  private static final Logger log = LoggerFactory.getLogger(SettlePaymentWorker.class);

  private final PaymentLedger ledger;

  public SettlePaymentWorker(PaymentLedger ledger) {
    this.ledger = ledger;
  }

  @JobWorker(type = PaymentProcess.JOB_SETTLE_PAYMENT)
  public Map<String, Object> settle(@VariablesAsType PaymentVariables payment) {
    PaymentLedger.Settlement settlement =
        ledger.settle(payment.paymentId(), Boolean.TRUE.equals(payment.orphanGraceElapsed()));
    Map<String, Object> variables = new HashMap<>();
    variables.put(PaymentProcess.VAR_SETTLEMENT, settlement.settlement());
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
