package dev.orderflow.tracking;

import java.time.Duration;
import java.time.Instant;

/**
 * A warning on {@code tracking.warnings}: a milestone was not seen within its SLA. It commands
 * nothing. {@code eventId} is stable per order and milestone ({@code <orderId>:sla-breached:
 * <milestone>}), so consumers de-duplicate on it; {@code sla} is an ISO-8601 duration.
 */
public record SlaBreached(
    String eventId, String type, String orderId, String milestone, String sla, Instant occurredAt) {

  public static final String TYPE = "SlaBreached";

  public static SlaBreached of(String orderId, Milestone milestone, Duration sla, Instant now) {
    return new SlaBreached(
        orderId + ":sla-breached:" + milestone.id(),
        TYPE,
        orderId,
        milestone.id(),
        sla.toString(),
        now);
  }
}
