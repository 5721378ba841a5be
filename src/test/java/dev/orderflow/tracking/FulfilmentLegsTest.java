package dev.orderflow.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The legs between the milestones, and how the process gets them. */
class FulfilmentLegsTest {

  private static final Instant PLACED = Instant.parse("2026-11-25T08:00:00Z");
  private static final Instant PAID = Instant.parse("2026-11-25T08:12:00Z");
  private static final Instant DISPATCHED = Instant.parse("2026-11-26T04:15:00Z");
  private static final Instant DELIVERED = Instant.parse("2026-11-28T02:15:00Z");

  @Test
  void legs_areTheDurationsBetweenConsecutiveMilestones_andTheWholeChain() {
    FulfilmentLegs legs = FulfilmentLegs.between(PLACED, PAID, DISPATCHED, DELIVERED);

    assertThat(legs.placedToPaid()).isEqualTo(Duration.ofMinutes(12));
    assertThat(legs.paidToDispatched()).isEqualTo(Duration.parse("PT20H3M"));
    assertThat(legs.dispatchedToDelivered()).isEqualTo(Duration.ofHours(46));
    assertThat(legs.placedToDelivered()).isEqualTo(Duration.parse("PT66H15M"));
  }

  @Test
  void dispatchSeenBeforeThePayment_makesThatLegNegative_factsAreNotReordered() {
    FulfilmentLegs legs = FulfilmentLegs.between(PLACED, DISPATCHED, PAID, DELIVERED);

    assertThat(legs.paidToDispatched()).isNegative();
  }

  @Test
  void asVariables_areIso8601Durations_underTheProcessNames() {
    FulfilmentLegs legs = FulfilmentLegs.between(PLACED, PAID, DISPATCHED, DELIVERED);

    assertThat(legs.asVariables())
        .containsExactly(
            org.assertj.core.api.Assertions.entry(TrackingProcess.VAR_PLACED_TO_PAID, "PT12M"),
            org.assertj.core.api.Assertions.entry(
                TrackingProcess.VAR_PAID_TO_DISPATCHED, "PT20H3M"),
            org.assertj.core.api.Assertions.entry(
                TrackingProcess.VAR_DISPATCHED_TO_DELIVERED, "PT46H"),
            org.assertj.core.api.Assertions.entry(
                TrackingProcess.VAR_PLACED_TO_DELIVERED, "PT66H15M"));
  }
}
