package dev.orderflow.inventory;

import dev.orderflow.order.OrderProcess;
import dev.orderflow.order.OrderVariables;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import org.springframework.stereotype.Component;

/**
 * Job {@value OrderProcess#JOB_RELEASE_INVENTORY}: the compensation of the reservation, run when
 * the payment window elapses. Releasing twice, or without a reservation, changes nothing.
 */
@Component
public class ReleaseInventoryWorker {

  private final InventoryService inventory;

  public ReleaseInventoryWorker(InventoryService inventory) {
    this.inventory = inventory;
  }

  @JobWorker(type = OrderProcess.JOB_RELEASE_INVENTORY)
  public void release(@VariablesAsType OrderVariables order) {
    inventory.release(order.orderId());
  }
}
