package dev.orderflow.order;

/**
 * Sends an order's {@code RefundRequested} from Java (the refund workers). Implemented by the Kafka
 * outbound sender. The other outcome events are published by the model's Kafka connector tasks.
 */
public interface OrderEvents {

  /** Returns once the event is durably accepted; throws if it was not. */
  void publish(OrderEvent event);
}
