package dev.orderflow.payment;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.ProcessInstanceKey;
import io.camunda.client.annotation.VariablesAsType;
import io.camunda.client.exception.CamundaError;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Job {@value PaymentProcess#JOB_REGISTER_PAYMENT}: records the payment in the ledger and makes
 * this instance its owner. An instance started by a redelivered record finds the payment owned by
 * another and ends with {@value PaymentProcess#ERROR_DUPLICATE_PAYMENT}. Hands the process the end
 * of the orphan grace and the settle backstop (ISO-8601, computed from the validated settings). The
 * grace runs from the capture, or from now if the payment reaches us later (a backlog after an
 * outage): its order, in the same backlog, gets the whole grace to be placed and reserved.
 */
@Component
public class RegisterPaymentWorker {

  private final PaymentLedger ledger;
  private final PaymentWindows windows;
  private final Clock clock;

  public RegisterPaymentWorker(PaymentLedger ledger, PaymentWindows windows, Clock clock) {
    this.ledger = ledger;
    this.windows = windows;
    this.clock = clock;
  }

  @JobWorker(type = PaymentProcess.JOB_REGISTER_PAYMENT)
  public Map<String, Object> register(
      @VariablesAsType PaymentVariables payment, @ProcessInstanceKey long processInstanceKey) {
    PaymentLedger.CapturedPayment captured = payment.payment();
    if (!ledger.register(captured, processInstanceKey)) {
      throw CamundaError.bpmnError(
          PaymentProcess.ERROR_DUPLICATE_PAYMENT,
          "payment " + payment.paymentId() + " is handled by another payment process");
    }
    return Map.of(
        PaymentProcess.VAR_ORPHAN_GRACE_ENDS_AT,
        windows.orphanGraceEndsAt(latest(captured.capturedAt(), clock.instant())).toString(),
        PaymentProcess.VAR_SETTLE_AGAIN_AFTER,
        windows.settleBackstop().toString());
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
