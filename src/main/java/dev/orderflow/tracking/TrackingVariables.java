package dev.orderflow.tracking;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tracking process's variables, as the workers read them. The {@code *At} times are what FEEL's
 * {@code now()} wrote when the milestone's message was correlated (the engine clock), as ISO-8601
 * date-times; the SLAs and the horizon are ISO-8601 durations; {@code outcome} is the type of the
 * last outcome event of the order that tracking saw.
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
    String slaDelivery,
    String trackingHorizon,
    String outcome) {

  /**
   * The milestones in the order of the chain, as {@code TrackingEnded} names them in {@code seen}.
   */
  static final List<String> CHAIN = List.of("placed", "paid", "dispatched", "delivered");

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

  /** The horizon the instance's timer used. */
  public Duration horizon() {
    if (trackingHorizon == null) {
      throw new IllegalStateException("the tracking instance has no trackingHorizon");
    }
    return Duration.parse(trackingHorizon);
  }

  /** The type of the outcome event that ended the tracking. */
  public String requiredOutcome() {
    if (outcome == null || outcome.isBlank()) {
      throw new IllegalStateException("the tracking instance has no outcome variable");
    }
    return outcome;
  }

  /** The milestones seen so far, in the order of the chain ({@link #CHAIN}). */
  public List<String> seen() {
    List<String> seen = new ArrayList<>();
    String[] times = {placedAt, paidAt, dispatchedAt, deliveredAt};
    for (int i = 0; i < times.length; i++) {
      if (times[i] != null && !times[i].isBlank()) {
        seen.add(CHAIN.get(i));
      }
    }
    return seen;
  }

  /**
   * The legs of the chain measured so far (placed → paid → dispatched → delivered): those whose two
   * milestones were seen, by their variable names, in the order of the chain.
   */
  public Map<String, Duration> legsSoFar() {
    Map<String, Duration> legs = new LinkedHashMap<>();
    leg(legs, TrackingProcess.VAR_PLACED_TO_PAID, "placedAt", placedAt, "paidAt", paidAt);
    leg(
        legs,
        TrackingProcess.VAR_PAID_TO_DISPATCHED,
        "paidAt",
        paidAt,
        "dispatchedAt",
        dispatchedAt);
    leg(
        legs,
        TrackingProcess.VAR_DISPATCHED_TO_DELIVERED,
        "dispatchedAt",
        dispatchedAt,
        "deliveredAt",
        deliveredAt);
    return legs;
  }

  private static void leg(
      Map<String, Duration> legs,
      String leg,
      String fromName,
      String from,
      String toName,
      String to) {
    if (from != null && !from.isBlank() && to != null && !to.isBlank()) {
      legs.put(leg, Duration.between(instant(fromName, from), instant(toName, to)));
    }
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
