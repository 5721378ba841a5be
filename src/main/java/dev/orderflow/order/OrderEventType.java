package dev.orderflow.order;

/**
 * The outcome event Java writes; the suffix makes the event id stable per payment. The model's
 * outcome events have their ids in the model, the same way: {@code <orderId>:confirmed}, {@code
 * <orderId>:timed-out}, {@code <orderId>:rejected}.
 */
public enum OrderEventType {
  REFUND_REQUESTED("RefundRequested", "refund-requested");

  private final String typeName;
  private final String idSuffix;

  OrderEventType(String typeName, String idSuffix) {
    this.typeName = typeName;
    this.idSuffix = idSuffix;
  }

  /** The {@code type} field and header, e.g. {@code RefundRequested}. */
  public String typeName() {
    return typeName;
  }

  /** A stable event id per payment: a refund is about one payment of the order. */
  public String eventIdFor(String orderId, String paymentId) {
    return orderId + ":" + idSuffix + ":" + paymentId;
  }
}
