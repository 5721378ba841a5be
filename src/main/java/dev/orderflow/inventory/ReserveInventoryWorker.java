package dev.orderflow.inventory;

import dev.orderflow.order.OrderProcess;
import dev.orderflow.order.OrderRegistry;
import dev.orderflow.order.OrderVariables;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.ProcessInstanceKey;
import io.camunda.client.annotation.VariablesAsType;
import io.camunda.client.exception.CamundaError;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Job {@value OrderProcess#JOB_RESERVE_INVENTORY}. First claims the order for this instance: an
 * instance started by a redelivered {@code OrderPlaced} finds it owned by another and ends with
 * the BPMN error {@value OrderProcess#ERROR_DUPLICATE_ORDER}. Out of stock is a business outcome:
 * the BPMN error {@value OrderProcess#ERROR_OUT_OF_STOCK}, and so is an order without valid lines
 * ({@value OrderProcess#ERROR_INVALID_ORDER}); both carry the reason in {@code rejectionReason}.
 */
@Component
public class ReserveInventoryWorker {

  private final OrderRegistry orders;
  private final InventoryService inventory;

  public ReserveInventoryWorker(OrderRegistry orders, InventoryService inventory) {
    this.orders = orders;
    this.inventory = inventory;
  }

  @JobWorker(type = OrderProcess.JOB_RESERVE_INVENTORY)
  public void reserve(
      @VariablesAsType OrderVariables order, @ProcessInstanceKey long processInstanceKey) {
    if (!orders.claim(order.orderId(), processInstanceKey)) {
      throw CamundaError.bpmnError(
          OrderProcess.ERROR_DUPLICATE_ORDER,
          "order " + order.orderId() + " is handled by instance " + orders.owner(order.orderId()).orElse(null));
    }
    try {
      inventory.reserve(order.orderId(), order.items());
    } catch (OutOfStockException e) {
      throw rejection(OrderProcess.ERROR_OUT_OF_STOCK, e);
    } catch (InvalidOrderException e) {
      throw rejection(OrderProcess.ERROR_INVALID_ORDER, e);
    }
  }

  private static RuntimeException rejection(String errorCode, RuntimeException reason) {
    return CamundaError.bpmnError(
        errorCode, reason.getMessage(), Map.of(OrderProcess.VAR_REJECTION_REASON, reason.getMessage()));
  }
}
