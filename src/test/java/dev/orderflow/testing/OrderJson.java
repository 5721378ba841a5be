package dev.orderflow.testing;

/** Inbound payloads as other services write them (see the README for the schemas). */
public final class OrderJson {

  private OrderJson() {}

  public static String orderPlaced(String orderId, String sku, int quantity) {
    return """
        {"eventId":"placed-%1$s","orderId":"%1$s","customerId":"customer-1",\
        "items":[{"sku":"%2$s","quantity":%3$d}],"total":25.00}"""
        .formatted(orderId, sku, quantity);
  }

  public static String paymentCaptured(String orderId) {
    return paymentCaptured(orderId, "payment-" + orderId);
  }

  public static String paymentCaptured(String orderId, String eventId) {
    return paymentCaptured(orderId, eventId, "25.00");
  }

  /** A payment of this amount (the orders above total 25.00). */
  public static String paymentCaptured(String orderId, String eventId, String amount) {
    return """
        {"eventId":"%2$s","orderId":"%1$s","paymentId":"psp-%1$s","amount":%3$s}"""
        .formatted(orderId, eventId, amount);
  }

  /** The shipping service: the parcel left the warehouse. */
  public static String shipmentDispatched(String orderId) {
    return """
        {"eventId":"dispatched-%1$s","orderId":"%1$s","carrier":"DHL",\
        "trackingNumber":"JD-%1$s"}"""
        .formatted(orderId);
  }

  /** The shipping service: the parcel reached the customer. */
  public static String shipmentDelivered(String orderId) {
    return """
        {"eventId":"delivered-%1$s","orderId":"%1$s","signedBy":"front door"}"""
        .formatted(orderId);
  }
}
