package dev.orderflow.payment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The payment process's variables: the {@code PaymentReceived} message's (see the payment route in
 * application.yaml) and what its jobs decided.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PaymentVariables(
    String orderId,
    String paymentId,
    BigDecimal amount,
    String capturedAt,
    String refundReason,
    Boolean cancelsOrder,
    Boolean orphanGraceElapsed,
    String orphanGraceEndsAt) {

  PaymentLedger.CapturedPayment payment() {
    return new PaymentLedger.CapturedPayment(paymentId, orderId, amount, Instant.parse(capturedAt));
  }
}
