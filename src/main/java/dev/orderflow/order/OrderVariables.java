package dev.orderflow.order;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * The order process's variables, as the workers read them. The inbound bridge sets them from the
 * {@code OrderPlaced} and {@code PaymentCaptured} records (see the routes in application.yaml).
 * {@code items} stays JSON as it came: the reservation reads its lines strictly, so that a
 * malformed line is a rejected order, never a failed variable mapping (an incident).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderVariables(
    String orderId,
    String customerId,
    JsonNode items,
    BigDecimal total,
    BigDecimal amount,
    String paymentId,
    String rejectionReason,
    String refundReason,
    String placedAt,
    String capturedAt,
    String paymentDeadline,
    String paymentWindowClosesAt) {}
