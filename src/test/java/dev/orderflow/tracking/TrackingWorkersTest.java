package dev.orderflow.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.orderflow.kafka.OutboundRecordPublished;
import io.camunda.client.exception.BpmnError;
import io.camunda.client.exception.CamundaError;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The tracking workers (the registry mocked) and tracking's meters: the legs and milestones the
 * models' events are made of, and the counts of the events the models published.
 */
class TrackingWorkersTest {

  private static final long INSTANCE = 2251799813685249L;
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  /** As FEEL's now() writes them into the output mappings. */
  private static final TrackingVariables COMPLETE_CHAIN =
      new TrackingVariables(
          "order-1",
          "2026-11-25T08:00:00.000Z[Etc/UTC]",
          "2026-11-25T08:30:00.000Z[Etc/UTC]",
          "2026-11-25T14:30:00.000Z[Etc/UTC]",
          "2026-11-27T09:15:00.500+01:00[Europe/Berlin]",
          "PT2H",
          "PT24H",
          "P5D",
          "PT720H",
          null);

  private final TrackingRegistry registry = mock(TrackingRegistry.class);
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

  private final LoadTrackingSettingsWorker settings =
      new LoadTrackingSettingsWorker(
          registry,
          new TrackingProperties(
              new TrackingProperties.Sla(
                  Duration.ofMinutes(90), Duration.ofHours(12), Duration.ofDays(3)),
              Duration.ofDays(10)));
  private final MeasureFulfilmentWorker fulfilment = new MeasureFulfilmentWorker();
  private final MeasureLegsSoFarWorker legsSoFar = new MeasureLegsSoFarWorker();
  private final TrackingMeters meters = new TrackingMeters(metrics);

  /** Placed and paid, then the order desk refunded the payment and cancelled the order. */
  private static final TrackingVariables PLACED_AND_PAID_THEN_REFUNDED =
      new TrackingVariables(
          "order-1",
          COMPLETE_CHAIN.placedAt(),
          COMPLETE_CHAIN.paidAt(),
          null,
          null,
          "PT2H",
          "PT24H",
          "P5D",
          "PT720H",
          "RefundRequested");

  @Test
  void loadTrackingSettings_claimsTheOrder_andReturnsTheConfiguredSlasAndHorizon() {
    when(registry.claim("order-1", INSTANCE)).thenReturn(true);

    assertThat(settings.load(COMPLETE_CHAIN, INSTANCE))
        .containsOnly(
            Map.entry(TrackingProcess.VAR_SLA_PAYMENT, "PT1H30M"),
            Map.entry(TrackingProcess.VAR_SLA_DISPATCH, "PT12H"),
            Map.entry(TrackingProcess.VAR_SLA_DELIVERY, "PT72H"),
            Map.entry(TrackingProcess.VAR_TRACKING_HORIZON, "PT240H"));
  }

  @Test
  void loadTrackingSettings_forAnOrderTrackedByAnotherInstance_isTheDuplicateTrackingBpmnError() {
    when(registry.claim("order-1", INSTANCE)).thenReturn(false);
    when(registry.owner("order-1")).thenReturn(Optional.of(42L));

    assertThatThrownBy(() -> settings.load(COMPLETE_CHAIN, INSTANCE))
        .isInstanceOfSatisfying(
            BpmnError.class,
            error -> {
              assertThat(error.getErrorCode()).isEqualTo(TrackingProcess.ERROR_DUPLICATE_TRACKING);
              assertThat(error.getErrorMessage()).contains("order-1").contains("42");
            });
  }

  @Test
  void loadTrackingSettings_withoutAnOrderId_isATechnicalFailure() {
    TrackingVariables noOrderId =
        new TrackingVariables(
            null, null, "2026-11-25T08:30:00Z", null, null, null, null, null, null, null);

    assertThatThrownBy(() -> settings.load(noOrderId, INSTANCE))
        .isInstanceOf(IllegalStateException.class)
        .isNotInstanceOf(CamundaError.class)
        .hasMessageContaining("orderId");
    verify(registry, never()).claim(any(), anyLong());
  }

  @Test
  void measureFulfilment_returnsTheLegsAsVariables() {
    assertThat(fulfilment.measure(COMPLETE_CHAIN))
        .containsOnly(
            Map.entry(TrackingProcess.VAR_PLACED_TO_PAID, "PT30M"),
            Map.entry(TrackingProcess.VAR_PAID_TO_DISPATCHED, "PT6H"),
            Map.entry(TrackingProcess.VAR_DISPATCHED_TO_DELIVERED, "PT41H45M0.5S"),
            Map.entry(TrackingProcess.VAR_PLACED_TO_DELIVERED, "PT48H15M0.5S"));
  }

  @Test
  void measureFulfilment_withAMilestoneMissing_isATechnicalFailure() {
    TrackingVariables noDelivery =
        new TrackingVariables(
            "order-1",
            COMPLETE_CHAIN.placedAt(),
            COMPLETE_CHAIN.paidAt(),
            COMPLETE_CHAIN.dispatchedAt(),
            null,
            "PT2H",
            "PT24H",
            "P5D",
            "PT720H",
            null);

    assertThatThrownBy(() -> fulfilment.measure(noDelivery))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("deliveredAt");
  }

  @Test
  void measureLegsSoFar_returnsTheLegsWhoseMilestonesWereSeen_andTheMilestonesSeen() {
    assertThat(legsSoFar.measure(PLACED_AND_PAID_THEN_REFUNDED))
        .containsOnly(
            Map.entry(TrackingProcess.VAR_PLACED_TO_PAID, "PT30M"),
            Map.entry(TrackingProcess.VAR_SEEN_MILESTONES, List.of("placed", "paid")),
            Map.entry(TrackingProcess.VAR_LEGS_SO_FAR, Map.of("placedToPaid", "PT30M")));
  }

  @Test
  void measureLegsSoFar_withOnlyTheOrderSeen_hasNoLegs() {
    TrackingVariables onlyPlaced =
        new TrackingVariables(
            "order-1",
            COMPLETE_CHAIN.placedAt(),
            null,
            null,
            null,
            "PT2H",
            "PT24H",
            "P5D",
            "PT720H",
            "OrderConfirmed");

    assertThat(legsSoFar.measure(onlyPlaced))
        .containsOnly(
            Map.entry(TrackingProcess.VAR_SEEN_MILESTONES, List.of("placed")),
            Map.entry(TrackingProcess.VAR_LEGS_SO_FAR, Map.of()));
  }

  @Test
  void slaBreachedPublished_isCountedByItsMilestone() {
    meters.published(published("SlaBreached", Map.of("milestone", "dispatch")));

    assertThat(breached("dispatch")).isEqualTo(1);
    assertThat(breached("payment")).as("registered, at zero").isZero();
  }

  @Test
  void trackingEndedPublished_isCountedByTheOutcome_orTheHorizon() {
    meters.published(
        published("TrackingEnded", Map.of("endedBy", "outcome", "outcome", "RefundRequested")));
    meters.published(published("TrackingEnded", Map.of("endedBy", "horizon")));

    assertThat(ended("RefundRequested")).isEqualTo(1);
    assertThat(ended("horizon")).isEqualTo(1);
  }

  @Test
  void fulfilmentTrackedPublished_countsTheDelivery() {
    meters.published(published("FulfilmentTracked", Map.of()));

    assertThat(ended("delivered")).isEqualTo(1);
  }

  @Test
  void otherEventsPublished_countNothing() {
    meters.published(published("OrderConfirmed", Map.of("outcome", "x")));

    assertThat(metrics.find("orderflow.tracking.ended").counters()).isEmpty();
    assertThat(metrics.find("orderflow.tracking.sla.breached").counters())
        .allSatisfy(counter -> assertThat(counter.count()).isZero());
  }

  private static OutboundRecordPublished published(String type, Map<String, Object> value) {
    return new OutboundRecordPublished(
        "tracking.events", "order-1", Map.of("type", type, "eventId", "e-1"), value);
  }

  private double ended(String reason) {
    return metrics.get("orderflow.tracking.ended").tag("reason", reason).counter().count();
  }

  private double breached(String milestone) {
    return metrics
        .get("orderflow.tracking.sla.breached")
        .tag("milestone", milestone)
        .counter()
        .count();
  }
}
