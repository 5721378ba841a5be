package dev.orderflow.tracking;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code orderflow.tracking.*}: the SLAs and the horizon of passive tracking, measured from the
 * moment tracking started (the first event seen for the order, normally {@code OrderPlaced}).
 *
 * @param sla by when each milestone is due
 * @param horizon how long a tracking instance waits at most: one that has neither seen the delivery
 *     nor been ended by the order's outcome by then gives up and ends; longer than every SLA, so
 *     each SLA can still be warned about
 */
@Validated
@ConfigurationProperties("orderflow.tracking")
public record TrackingProperties(
    @Valid @DefaultValue Sla sla, @NotNull @DefaultValue("P30D") Duration horizon) {

  public TrackingProperties {
    if (horizon != null) {
      Sla.positive("horizon", horizon, "orderflow.tracking.");
      if (sla != null) {
        for (Milestone milestone : Milestone.values()) {
          if (horizon.compareTo(sla.of(milestone)) <= 0) {
            throw new IllegalArgumentException(
                "orderflow.tracking.horizon ("
                    + horizon
                    + ") must be longer than every SLA, but orderflow.tracking.sla."
                    + milestone.id()
                    + " is "
                    + sla.of(milestone));
          }
        }
      }
    }
  }

  /**
   * @param payment PaymentCaptured is due within this
   * @param dispatch ShipmentDispatched is due within this
   * @param delivery ShipmentDelivered is due within this
   */
  public record Sla(
      @NotNull @DefaultValue("PT2H") Duration payment,
      @NotNull @DefaultValue("PT24H") Duration dispatch,
      @NotNull @DefaultValue("P5D") Duration delivery) {

    public Sla {
      positive("payment", payment, "orderflow.tracking.sla.");
      positive("dispatch", dispatch, "orderflow.tracking.sla.");
      positive("delivery", delivery, "orderflow.tracking.sla.");
    }

    /** The SLA of this milestone. */
    public Duration of(Milestone milestone) {
      return switch (milestone) {
        case PAYMENT -> payment;
        case DISPATCH -> dispatch;
        case DELIVERY -> delivery;
      };
    }

    private static void positive(String name, Duration duration, String prefix) {
      if (duration != null && (duration.isNegative() || duration.isZero())) {
        throw new IllegalArgumentException(prefix + name + " must be positive, was " + duration);
      }
    }
  }
}
