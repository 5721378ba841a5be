package dev.orderflow.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

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

/** The three tracking workers, with the registry and the event sender mocked. */
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
  private final TrackingEvents events = mock(TrackingEvents.class);
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

  private final LoadTrackingSettingsWorker settings =
      new LoadTrackingSettingsWorker(
          registry,
          new TrackingProperties(
              new TrackingProperties.Sla(
                  Duration.ofMinutes(90), Duration.ofHours(12), Duration.ofDays(3)),
              Duration.ofDays(10)));
  private final PublishSlaBreachedWorker slaBreached =
      new PublishSlaBreachedWorker(events, CLOCK, metrics);
  private final PublishFulfilmentTrackedWorker fulfilmentTracked =
      new PublishFulfilmentTrackedWorker(events, CLOCK, metrics);
  private final PublishTrackingEndedWorker trackingEnded =
      new PublishTrackingEndedWorker(events, CLOCK, metrics);

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
  void publishSlaBreached_publishesAStableWarningForTheHeadersMilestone_andCountsIt() {
    slaBreached.publish(COMPLETE_CHAIN, Map.of(TrackingProcess.HEADER_MILESTONE, "dispatch"));

    verify(events)
        .publish(
            new SlaBreached(
                "order-1:sla-breached:dispatch",
                "SlaBreached",
                "order-1",
                "dispatch",
                "PT24H",
                NOW));
    assertThat(breached("dispatch")).isEqualTo(1);
    assertThat(breached("payment")).as("registered, at zero").isZero();
  }

  @Test
  void publishSlaBreached_thatKafkaDidNotAcknowledge_failsTheJobAndCountsNothing() {
    IllegalStateException failure = new IllegalStateException("broker down");
    doThrow(failure).when(events).publish(any(SlaBreached.class));

    assertThatThrownBy(
            () ->
                slaBreached.publish(
                    COMPLETE_CHAIN, Map.of(TrackingProcess.HEADER_MILESTONE, "payment")))
        .isSameAs(failure);
    assertThat(breached("payment")).isZero();
  }

  @Test
  void publishSlaBreached_withAnUnknownMilestone_isAModellingErrorAndPublishesNothing() {
    assertThatThrownBy(
            () ->
                slaBreached.publish(
                    COMPLETE_CHAIN, Map.of(TrackingProcess.HEADER_MILESTONE, "packing")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("packing");
    verifyNoInteractions(events);
  }

  @Test
  void publishFulfilmentTracked_measuresTheLegs_publishesThem_andReturnsThemAsVariables() {
    Map<String, Object> variables = fulfilmentTracked.publish(COMPLETE_CHAIN);

    verify(events)
        .publish(
            new FulfilmentTracked(
                "order-1:fulfilment-tracked",
                "FulfilmentTracked",
                "order-1",
                new FulfilmentTracked.Legs("PT30M", "PT6H", "PT41H45M0.5S"),
                "PT48H15M0.5S",
                NOW));
    assertThat(variables)
        .containsOnly(
            Map.entry(TrackingProcess.VAR_PLACED_TO_PAID, "PT30M"),
            Map.entry(TrackingProcess.VAR_PAID_TO_DISPATCHED, "PT6H"),
            Map.entry(TrackingProcess.VAR_DISPATCHED_TO_DELIVERED, "PT41H45M0.5S"),
            Map.entry(TrackingProcess.VAR_PLACED_TO_DELIVERED, "PT48H15M0.5S"));
  }

  @Test
  void publishFulfilmentTracked_withAMilestoneMissing_isATechnicalFailureAndPublishesNothing() {
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

    assertThatThrownBy(() -> fulfilmentTracked.publish(noDelivery))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("deliveredAt");
    verifyNoInteractions(events);
  }

  @Test
  void publishTrackingEnded_byTheOutcome_publishesTheOutcomeAndTheLegsSoFar_andCountsIt() {
    Map<String, Object> variables =
        trackingEnded.publish(
            PLACED_AND_PAID_THEN_REFUNDED, Map.of(TrackingProcess.HEADER_ENDED_BY, "outcome"));

    verify(events)
        .publish(
            new TrackingEnded(
                "order-1:tracking-ended",
                "TrackingEnded",
                "order-1",
                "outcome",
                "RefundRequested",
                null,
                List.of("placed", "paid"),
                Map.of("placedToPaid", "PT30M"),
                NOW));
    assertThat(variables).containsOnly(Map.entry(TrackingProcess.VAR_PLACED_TO_PAID, "PT30M"));
    assertThat(ended("RefundRequested")).isEqualTo(1);
  }

  @Test
  void publishTrackingEnded_atTheHorizon_publishesTheHorizon_evenIfAnOutcomeThatKeptTheOrderCame() {
    TrackingVariables confirmedNeverShipped =
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

    Map<String, Object> variables =
        trackingEnded.publish(
            confirmedNeverShipped, Map.of(TrackingProcess.HEADER_ENDED_BY, "horizon"));

    verify(events)
        .publish(
            new TrackingEnded(
                "order-1:tracking-ended",
                "TrackingEnded",
                "order-1",
                "horizon",
                null,
                "PT720H",
                List.of("placed"),
                Map.of(),
                NOW));
    assertThat(variables).isEmpty();
    assertThat(ended("horizon")).isEqualTo(1);
  }

  @Test
  void publishTrackingEnded_thatKafkaDidNotAcknowledge_failsTheJobAndCountsNothing() {
    IllegalStateException failure = new IllegalStateException("broker down");
    doThrow(failure).when(events).publish(any(TrackingEnded.class));

    assertThatThrownBy(
            () ->
                trackingEnded.publish(
                    PLACED_AND_PAID_THEN_REFUNDED,
                    Map.of(TrackingProcess.HEADER_ENDED_BY, "outcome")))
        .isSameAs(failure);
    assertThat(metrics.find("orderflow.tracking.ended").counters())
        .allSatisfy(counter -> assertThat(counter.count()).isZero());
  }

  @Test
  void publishTrackingEnded_withAnUnknownReason_isAModellingErrorAndPublishesNothing() {
    assertThatThrownBy(
            () ->
                trackingEnded.publish(
                    PLACED_AND_PAID_THEN_REFUNDED,
                    Map.of(TrackingProcess.HEADER_ENDED_BY, "boredom")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("boredom");
    verifyNoInteractions(events);
  }

  @Test
  void publishFulfilmentTracked_countsTheDelivery() {
    fulfilmentTracked.publish(COMPLETE_CHAIN);

    assertThat(ended("delivered")).isEqualTo(1);
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
