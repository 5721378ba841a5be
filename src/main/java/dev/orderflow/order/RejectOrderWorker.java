package dev.orderflow.order;

import dev.orderflow.payment.PaymentLedger;
import dev.orderflow.payment.PaymentWakeUps;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import org.springframework.stereotype.Component;

/**
 * Job {@value OrderProcess#JOB_REJECT_ORDER}: records the rejection in the payment ledger and wakes
 * the order's payments, if any came, so that their own processes refund them. Idempotent: a retry
 * records the same rejection. It publishes nothing: the model's next task ({@value
 * OrderProcess#TASK_PUBLISH_ORDER_REJECTED}, Camunda's Kafka connector) publishes {@code
 * OrderRejected}.
 */
@Component
public class RejectOrderWorker {

  private final PaymentLedger ledger;
  private final PaymentWakeUps wakeUps;

  public RejectOrderWorker(PaymentLedger ledger, PaymentWakeUps wakeUps) {
    this.ledger = ledger;
    this.wakeUps = wakeUps;
  }

  @JobWorker(type = OrderProcess.JOB_REJECT_ORDER)
  public void reject(@VariablesAsType OrderVariables order) {
    ledger.rejectOrder(order.orderId());
    wakeUps.orderDecided(order.orderId());
  }
}
