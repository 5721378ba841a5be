package dev.orderflow.tracking;

import java.time.Instant;

/**
 * The summary on {@code tracking.events} once an order's chain is complete: the legs and the total
 * as ISO-8601 durations. {@code eventId} is stable per order ({@code
 * <orderId>:fulfilment-tracked}).
 */
public record FulfilmentTracked(
    String eventId, String type, String orderId, Legs legs, String total, Instant occurredAt) {

  public static final String TYPE = "FulfilmentTracked";

  /** placed → paid → dispatched → delivered. */
  public record Legs(String placedToPaid, String paidToDispatched, String dispatchedToDelivered) {}

  public static FulfilmentTracked of(String orderId, FulfilmentLegs legs, Instant now) {
    return new FulfilmentTracked(
        orderId + ":fulfilment-tracked",
        TYPE,
        orderId,
        new Legs(
            legs.placedToPaid().toString(),
            legs.paidToDispatched().toString(),
            legs.dispatchedToDelivered().toString()),
        legs.placedToDelivered().toString(),
        now);
  }
}
