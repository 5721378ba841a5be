package dev.orderflow.order;

/** The outcome events an order ends with; the suffix makes the event id stable per order. */
public enum OrderEventType {
  ORDER_CONFIRMED("OrderConfirmed", "confirmed"),
  ORDER_TIMED_OUT("OrderTimedOut", "timed-out"),
  ORDER_REJECTED("OrderRejected", "rejected"),
  REFUND_REQUESTED("RefundRequested", "refund-requested");

  private final String typeName;
  private final String idSuffix;

  OrderEventType(String typeName, String idSuffix) {
    this.typeName = typeName;
    this.idSuffix = idSuffix;
  }

  /** The {@code type} field and header, e.g. {@code OrderConfirmed}. */
  public String typeName() {
    return typeName;
  }

  /** A stable event id: the same order and outcome always yield the same id. */
  public String eventIdFor(String orderId) {
    return orderId + ":" + idSuffix;
  }

  /** A stable event id per payment: a refund is about one payment of the order. */
  public String eventIdFor(String orderId, String paymentId) {
    return orderId + ":" + idSuffix + ":" + paymentId;
  }
}
