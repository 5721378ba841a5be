package dev.orderflow.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The message TTLs a scenario runs with, the same for the application (through its route
 * properties) and for the harness's own publishes. The payment window (the timer) stays the
 * application's default in every mode: a pending timer costs the same whatever its due date, and
 * none falls due during a run.
 *
 * @param name {@code default} (the application's defaults) or {@code short}
 * @param orderPlacedTtl TTL of OrderPlaced
 * @param paymentCapturedTtl TTL of PaymentCaptured
 * @param paymentTimeout the payment window, given to each order as {@code paymentTimeout}
 */
public record TtlMode(
    String name, Duration orderPlacedTtl, Duration paymentCapturedTtl, Duration paymentTimeout) {

  /** The application's defaults (application.yaml): every TTL is the payment window, PT2H. */
  static final Duration APPLICATION_PAYMENT_TIMEOUT = Duration.ofHours(2);

  public static TtlMode applicationDefault() {
    return new TtlMode(
        "default",
        APPLICATION_PAYMENT_TIMEOUT,
        APPLICATION_PAYMENT_TIMEOUT,
        APPLICATION_PAYMENT_TIMEOUT);
  }

  /**
   * Short TTLs. PaymentCaptured needs a TTL above 0: the harness (like a payment service) sends the
   * payment right after the order, so it often reaches the engine before the order waits for it,
   * and a message with TTL 0 that finds nobody waiting is dropped.
   */
  public static TtlMode shortTtls(Duration orderPlaced, Duration paymentCaptured) {
    if (paymentCaptured.isZero() || paymentCaptured.isNegative()) {
      throw new IllegalArgumentException(
          "short-payment-ttl must be above 0: a payment that arrives before its order waits would"
              + " be lost");
    }
    return new TtlMode("short", orderPlaced, paymentCaptured, APPLICATION_PAYMENT_TIMEOUT);
  }

  /** The application properties that give it these TTLs. */
  public Map<String, Object> applicationProperties() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("orderflow.payment-timeout", paymentTimeout.toString());
    properties.put("orderflow.inbound.routes.order-placed.ttl", orderPlacedTtl.toString());
    properties.put("orderflow.inbound.routes.payment-captured.ttl", paymentCapturedTtl.toString());
    return properties;
  }

  /** For tables: e.g. {@code default (OrderPlaced PT2H, PaymentCaptured PT2H)}. */
  public String label() {
    return name
        + " (OrderPlaced "
        + orderPlacedTtl
        + ", PaymentCaptured "
        + paymentCapturedTtl
        + ")";
  }

  Map<String, Object> describe() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("name", name);
    map.put("orderPlacedTtl", orderPlacedTtl.toString());
    map.put("paymentCapturedTtl", paymentCapturedTtl.toString());
    map.put("paymentTimeout", paymentTimeout.toString());
    return map;
  }
}
