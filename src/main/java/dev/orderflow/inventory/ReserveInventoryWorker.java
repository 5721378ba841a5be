package dev.orderflow.inventory;

import dev.orderflow.order.OrderProcess;
import dev.orderflow.order.OrderVariables;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import io.camunda.client.exception.CamundaError;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Job {@value OrderProcess#JOB_RESERVE_INVENTORY}. Out of stock is a business outcome: the BPMN
 * error {@value OrderProcess#ERROR_OUT_OF_STOCK}, with the reason in {@code rejectionReason}.
 */
@Component
public class ReserveInventoryWorker {

  private final InventoryService inventory;

  public ReserveInventoryWorker(InventoryService inventory) {
    this.inventory = inventory;
  }

  @JobWorker(type = OrderProcess.JOB_RESERVE_INVENTORY)
  public void reserve(@VariablesAsType OrderVariables order) {
    try {
      inventory.reserve(order.orderId(), order.items());
    } catch (OutOfStockException e) {
      throw CamundaError.bpmnError(
          OrderProcess.ERROR_OUT_OF_STOCK,
          e.getMessage(),
          Map.of(OrderProcess.VAR_REJECTION_REASON, e.getMessage()));
    }
  }
}
