package dev.orderflow.tracking;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The event on {@code tracking.events} that ends an order's tracking without a delivery, the
 * counterpart of {@link FulfilmentTracked}: {@code endedBy} says why ({@code outcome}: the order
 * will not ship, with the {@code outcome} event's type; {@code horizon}: tracking gave up after
 * {@code horizon}), {@code seen} which milestones came, {@code legs} the legs measured so far (only
 * those whose two milestones were seen, ISO-8601 durations). {@code eventId} is stable per order
 * ({@code <orderId>:tracking-ended}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrackingEnded(
    String eventId,
    String type,
    String orderId,
    String endedBy,
    String outcome,
    String horizon,
    List<String> seen,
    Map<String, String> legs,
    Instant occurredAt) {

  public static final String TYPE = "TrackingEnded";

  /** The order will not ship, as its outcome event of this type said. */
  public static TrackingEnded byOutcome(
      String orderId, String outcome, List<String> seen, Map<String, Duration> legs, Instant now) {
    return new TrackingEnded(
        eventIdFor(orderId),
        TYPE,
        orderId,
        EndedBy.OUTCOME.id(),
        outcome,
        null,
        seen,
        text(legs),
        now);
  }

  /** Neither delivered nor ended by an outcome within the horizon. */
  public static TrackingEnded atHorizon(
      String orderId,
      Duration horizon,
      List<String> seen,
      Map<String, Duration> legs,
      Instant now) {
    return new TrackingEnded(
        eventIdFor(orderId),
        TYPE,
        orderId,
        EndedBy.HORIZON.id(),
        null,
        horizon.toString(),
        seen,
        text(legs),
        now);
  }

  static String eventIdFor(String orderId) {
    return orderId + ":tracking-ended";
  }

  private static Map<String, String> text(Map<String, Duration> legs) {
    Map<String, String> text = new LinkedHashMap<>();
    legs.forEach((leg, duration) -> text.put(leg, duration.toString()));
    return text;
  }
}
