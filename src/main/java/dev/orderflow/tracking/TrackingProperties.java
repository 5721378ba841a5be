package dev.orderflow.tracking;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code orderflow.tracking.*}: the SLAs of passive tracking, measured from the moment tracking
 * started (the first event seen for the order, normally {@code OrderPlaced}).
 *
 * @param sla by when each milestone is due
 */
@Validated
@ConfigurationProperties("orderflow.tracking")
public record TrackingProperties(@Valid @DefaultValue Sla sla) {

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
      positive("payment", payment);
      positive("dispatch", dispatch);
      positive("delivery", delivery);
    }

    /** The SLA of this milestone. */
    public Duration of(Milestone milestone) {
      return switch (milestone) {
        case PAYMENT -> payment;
        case DISPATCH -> dispatch;
        case DELIVERY -> delivery;
      };
    }

    private static void positive(String name, Duration sla) {
      if (sla != null && (sla.isNegative() || sla.isZero())) {
        throw new IllegalArgumentException(
            "orderflow.tracking.sla." + name + " must be positive, was " + sla);
      }
    }
  }
}
