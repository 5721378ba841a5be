package dev.orderflow.tracking;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The measured legs of a fulfilment chain, between the times the engine saw each milestone. Events
 * that arrive out of order make a leg negative (e.g. a dispatch seen before its payment): the
 * numbers say what was seen when, they do not reorder the facts.
 */
public record FulfilmentLegs(
    Duration placedToPaid,
    Duration paidToDispatched,
    Duration dispatchedToDelivered,
    Duration placedToDelivered) {

  public static FulfilmentLegs between(
      Instant placed, Instant paid, Instant dispatched, Instant delivered) {
    return new FulfilmentLegs(
        Duration.between(placed, paid),
        Duration.between(paid, dispatched),
        Duration.between(dispatched, delivered),
        Duration.between(placed, delivered));
  }

  /** The legs as process variables, ISO-8601 durations, as Operate shows them. */
  public Map<String, Object> asVariables() {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put(TrackingProcess.VAR_PLACED_TO_PAID, placedToPaid.toString());
    variables.put(TrackingProcess.VAR_PAID_TO_DISPATCHED, paidToDispatched.toString());
    variables.put(TrackingProcess.VAR_DISPATCHED_TO_DELIVERED, dispatchedToDelivered.toString());
    variables.put(TrackingProcess.VAR_PLACED_TO_DELIVERED, placedToDelivered.toString());
    return variables;
  }
}
