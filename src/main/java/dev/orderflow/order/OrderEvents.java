package dev.orderflow.order;

/** Sends an order's outcome event. Implemented by the Kafka outbound sender. */
public interface OrderEvents {

  /** Returns once the event is durably accepted; throws if it was not. */
  void publish(OrderEvent event);
}
