package dev.orderflow.tracking;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * The tracking process's variables, as the workers read them. The {@code *At} times are what FEEL's
 * {@code now()} wrote when the milestone's message was correlated (the engine clock), as ISO-8601
 * date-times; the SLAs are ISO-8601 durations.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrackingVariables(
    String orderId,
    String placedAt,
    String paidAt,
    String dispatchedAt,
    String deliveredAt,
    String slaPayment,
    String slaDispatch,
    String slaDelivery) {

  /** The order id, which every tracked message carries; without it nothing can be tracked. */
  public String requiredOrderId() {
    if (orderId == null || orderId.isBlank()) {
      throw new IllegalStateException("the tracking instance has no orderId variable");
    }
    return orderId;
  }

  /** The SLA the instance's timer used for this milestone. */
  public Duration sla(Milestone milestone) {
    String sla =
        switch (milestone) {
          case PAYMENT -> slaPayment;
          case DISPATCH -> slaDispatch;
          case DELIVERY -> slaDelivery;
        };
    if (sla == null) {
      throw new IllegalStateException("the tracking instance has no SLA for " + milestone.id());
    }
    return Duration.parse(sla);
  }

  /** The four times the milestones were seen; throws if one is missing. */
  public FulfilmentLegs legs() {
    return FulfilmentLegs.between(
        instant("placedAt", placedAt),
        instant("paidAt", paidAt),
        instant("dispatchedAt", dispatchedAt),
        instant("deliveredAt", deliveredAt));
  }

  /** An ISO-8601 date-time, with an offset and optionally a zone id (as FEEL writes it). */
  static Instant instant(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("the tracking instance has no " + name);
    }
    try {
      return ZonedDateTime.parse(value).toInstant();
    } catch (DateTimeParseException notZoned) {
      try {
        return OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException e) {
        throw new IllegalStateException(name + " is not an ISO-8601 date-time: " + value, e);
      }
    }
  }
}
