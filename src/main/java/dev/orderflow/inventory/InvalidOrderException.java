package dev.orderflow.inventory;

/** A business outcome: the order's lines cannot be reserved as given (none, or malformed). */
public class InvalidOrderException extends RuntimeException {

  public InvalidOrderException(String message) {
    super(message);
  }
}
