package dev.orderflow.order;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.util.List;

/**
 * The order process's variables, as the workers read them. The inbound bridge sets them from the
 * {@code OrderPlaced} and {@code PaymentCaptured} records (see the routes in application.yaml).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderVariables(
    String orderId,
    String customerId,
    List<OrderLine> items,
    BigDecimal total,
    BigDecimal amount,
    String paymentId,
    String rejectionReason,
    String refundReason,
    String placedAt,
    String capturedAt,
    String paymentDeadline,
    String paymentWindowClosesAt) {

  public List<OrderLine> items() {
    return items == null ? List.of() : items;
  }
}
