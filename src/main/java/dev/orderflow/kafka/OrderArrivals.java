package dev.orderflow.kafka;

import dev.orderflow.order.OrderProcess;
import dev.orderflow.payment.PaymentLedger;
import org.springframework.stereotype.Component;

/**
 * Records in the payment ledger that an order has arrived, once the engine has accepted its {@value
 * OrderProcess#MESSAGE_ORDER_PLACED} message and before the bridge commits the record: from then
 * on, its order process exists, and a payment whose order is not reserved yet waits for it instead
 * of being refunded as an orphan when the grace ends.
 */
@Component
public class OrderArrivals implements MessageAcceptedListener {

  private final PaymentLedger ledger;

  public OrderArrivals(PaymentLedger ledger) {
    this.ledger = ledger;
  }

  @Override
  public void accepted(InboundMessage message) {
    if (OrderProcess.MESSAGE_ORDER_PLACED.equals(message.messageName())) {
      ledger.orderArrived(message.correlationKey());
    }
  }
}
