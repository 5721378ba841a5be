package dev.orderflow.tracking;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The meters of passive tracking, named once. */
final class TrackingMetrics {

  /** SLA warnings, tagged {@code milestone}. */
  static final String SLA_BREACHED = "orderflow.tracking.sla.breached";

  /**
   * Tracking instances ended, tagged {@code reason}: {@code delivered}, the outcome's type ({@code
   * OrderTimedOut}, {@code OrderRejected}, {@code RefundRequested}) or {@code horizon}.
   */
  static final String ENDED = "orderflow.tracking.ended";

  static final String REASON_DELIVERED = "delivered";

  private TrackingMetrics() {}

  static Counter ended(MeterRegistry metrics, String reason) {
    return Counter.builder(ENDED)
        .description("tracking instances ended, by reason")
        .tag("reason", reason)
        .register(metrics);
  }
}
