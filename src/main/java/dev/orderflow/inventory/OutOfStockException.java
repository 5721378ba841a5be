package dev.orderflow.inventory;

import java.util.List;

/** A business outcome, not a failure: the order asks for more than is in stock. */
public class OutOfStockException extends RuntimeException {

  private final transient List<Shortage> shortages;

  public OutOfStockException(String orderId, List<Shortage> shortages) {
    super("out of stock for order " + orderId + ": " + shortages);
    this.shortages = List.copyOf(shortages);
  }

  public List<Shortage> shortages() {
    return shortages;
  }
}
