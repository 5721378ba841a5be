package dev.orderflow.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The bridge's meters as tests read them. */
final class BridgeMeters {

  private BridgeMeters() {}

  /** {@code orderflow.inbound.records} of this route and outcome so far (0 if never counted). */
  static double records(MeterRegistry metrics, String route, String outcome) {
    Counter counter =
        metrics
            .find("orderflow.inbound.records")
            .tag("route", route)
            .tag("outcome", outcome)
            .counter();
    return counter == null ? 0 : counter.count();
  }
}
