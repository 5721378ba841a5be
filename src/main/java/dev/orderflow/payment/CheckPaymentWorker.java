package dev.orderflow.payment;

import dev.orderflow.order.OrderDesk;
import dev.orderflow.order.OrderProcess;
import dev.orderflow.order.OrderVariables;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Job {@value OrderProcess#JOB_CHECK_PAYMENT}: sets {@code paymentMatches}; a payment that does not
 * match the total goes to the order desk ("Review payment"), so it also gets the desk's assignment.
 */
@Component
public class CheckPaymentWorker {

  private static final Logger log = LoggerFactory.getLogger(CheckPaymentWorker.class);

  private final PaymentCheck check;
  private final OrderDesk desk;

  public CheckPaymentWorker(PaymentCheck check, OrderDesk desk) {
    this.check = check;
    this.desk = desk;
  }

  @JobWorker(type = OrderProcess.JOB_CHECK_PAYMENT)
  public Map<String, Object> check(@VariablesAsType OrderVariables order) {
    if (check.matches(order.total(), order.amount())) {
      return Map.of(OrderProcess.VAR_PAYMENT_MATCHES, true);
    }
    log.info(
        "Payment for order {} does not match: total {}, paid {}; the order desk reviews it",
        order.orderId(),
        order.total(),
        order.amount());
    Map<String, Object> variables = new HashMap<>(desk.assignment());
    variables.put(OrderProcess.VAR_PAYMENT_MATCHES, false);
    return variables;
  }
}
