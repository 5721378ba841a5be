package dev.orderflow.inventory;

import dev.orderflow.order.OrderDesk;
import dev.orderflow.order.OrderProcess;
import dev.orderflow.order.OrderRegistry;
import dev.orderflow.order.OrderVariables;
import dev.orderflow.payment.PaymentLedger;
import dev.orderflow.payment.PaymentWindows;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.ProcessInstanceKey;
import io.camunda.client.annotation.VariablesAsType;
import io.camunda.client.exception.CamundaError;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Job {@value OrderProcess#JOB_RESERVE_INVENTORY}. First claims the order for this instance: an
 * instance started by a redelivered {@code OrderPlaced} finds it owned by another and ends with the
 * BPMN error {@value OrderProcess#ERROR_DUPLICATE_ORDER}. Out of stock is a business outcome: the
 * BPMN error {@value OrderProcess#ERROR_OUT_OF_STOCK}, with the reason, the shortages and the order
 * desk's assignment, for the user task "Resolve stock shortage". An order without valid lines
 * (none, or one that is not a SKU with a whole quantity from 1 to {@code
 * orderflow.inventory.max-quantity}; see {@link OrderLines}) is rejected ({@value
 * OrderProcess#ERROR_INVALID_ORDER}, with the reason).
 *
 * <p>The claim also opens the order's payment window in business time: {@code placedAt} (from the
 * record) plus {@code orderflow.payment-timeout}. The process gets the deadline and the end of the
 * window as ISO-8601 date-times, computed here from the validated settings, and the same on every
 * attempt (a reservation retried after a stock shortage keeps the window of the placement).
 */
@Component
public class ReserveInventoryWorker {

  private final OrderRegistry orders;
  private final InventoryService inventory;
  private final OrderDesk desk;
  private final PaymentLedger ledger;
  private final PaymentWindows windows;
  private final Clock clock;

  public ReserveInventoryWorker(
      OrderRegistry orders,
      InventoryService inventory,
      OrderDesk desk,
      PaymentLedger ledger,
      PaymentWindows windows,
      Clock clock) {
    this.orders = orders;
    this.inventory = inventory;
    this.desk = desk;
    this.ledger = ledger;
    this.windows = windows;
    this.clock = clock;
  }

  @JobWorker(type = OrderProcess.JOB_RESERVE_INVENTORY)
  public Map<String, Object> reserve(
      @VariablesAsType OrderVariables order, @ProcessInstanceKey long processInstanceKey) {
    if (!orders.claim(order.orderId(), processInstanceKey)) {
      throw CamundaError.bpmnError(
          OrderProcess.ERROR_DUPLICATE_ORDER,
          "order "
              + order.orderId()
              + " is handled by instance "
              + orders.owner(order.orderId()).orElse(null));
    }
    // an OrderPlaced without business time (not from the bridge) is placed when first reserved
    Instant placedAt = order.placedAt() == null ? clock.instant() : Instant.parse(order.placedAt());
    Instant deadline = ledger.openWindow(order.orderId(), windows.deadline(placedAt));
    try {
      inventory.reserve(order.orderId(), OrderLines.parse(order.items(), inventory.maxQuantity()));
    } catch (OutOfStockException e) {
      // the order desk decides (Tasklist): it sees the shortages and gets the task by its due date
      Map<String, Object> variables = new HashMap<>(desk.assignment());
      variables.put(OrderProcess.VAR_REJECTION_REASON, e.getMessage());
      variables.put(OrderProcess.VAR_SHORTAGES, e.shortages());
      throw CamundaError.bpmnError(OrderProcess.ERROR_OUT_OF_STOCK, e.getMessage(), variables);
    } catch (InvalidOrderException e) {
      throw CamundaError.bpmnError(
          OrderProcess.ERROR_INVALID_ORDER,
          e.getMessage(),
          Map.of(OrderProcess.VAR_REJECTION_REASON, e.getMessage()));
    }
    return Map.of(
        OrderProcess.VAR_PAYMENT_DEADLINE, deadline.toString(),
        OrderProcess.VAR_WINDOW_CLOSES_AT, windows.closesAt(deadline).toString(),
        OrderProcess.VAR_PAYMENT_RECHECK, windows.recheckInterval().toString(),
        OrderProcess.VAR_PAYMENT_CLAIMED, false,
        OrderProcess.VAR_WINDOW_CLOSED, false);
  }
}
