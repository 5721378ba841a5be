package dev.orderflow.testing;

import java.time.Instant;

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

  /** An order placed at this business time (placedAt in the payload), of one SKU-BOOK-like line. */
  public static String orderPlacedAt(String orderId, String sku, int quantity, Instant placedAt) {
    return """
        {"eventId":"placed-%1$s","orderId":"%1$s","customerId":"customer-1",\
        "items":[{"sku":"%2$s","quantity":%3$d}],"total":25.00,"placedAt":"%4$s"}"""
        .formatted(orderId, sku, quantity, placedAt);
  }

  /** A payment with its own payment id (25.00, the total of the orders above). */
  public static String payment(String orderId, String eventId, String paymentId) {
    return """
        {"eventId":"%2$s","orderId":"%1$s","paymentId":"%3$s","amount":25.00}"""
        .formatted(orderId, eventId, paymentId);
  }

  /** A payment captured at this business time (capturedAt in the payload). */
  public static String paymentCapturedAt(
      String orderId, String eventId, String paymentId, Instant capturedAt) {
    return """
        {"eventId":"%2$s","orderId":"%1$s","paymentId":"%3$s","amount":25.00,\
        "capturedAt":"%4$s"}"""
        .formatted(orderId, eventId, paymentId, capturedAt);
  }
}
