package dev.orderflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The payment window's settings: defaults, and values that cannot work refused, named. */
class OrderflowPropertiesTest {

  static final Duration TWO_HOURS = Duration.ofHours(2);

  @Test
  void nothingConfigured_orphanGraceIsTheWindow_graceAndRecheckOneMinute() {
    OrderflowProperties properties = new OrderflowProperties(TWO_HOURS, null, null);

    assertThat(properties.payment().orphanGrace()).isEqualTo(TWO_HOURS);
    assertThat(properties.payment().timeoutGrace()).isEqualTo(Duration.ofMinutes(1));
    assertThat(properties.payment().recheckInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(properties.payment().settleBackstop()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void zeroNegativeOrMissingDurations_areRefusedNamingTheProperty() {
    for (Duration bad : java.util.Arrays.asList(Duration.ZERO, Duration.ofMinutes(-1), null)) {
      assertThatThrownBy(() -> new OrderflowProperties(bad, null, null))
          .hasMessageStartingWith("orderflow.payment-timeout must be a positive duration");
    }
    for (Duration bad : List.of(Duration.ZERO, Duration.ofMinutes(-1))) {
      assertThatThrownBy(
              () ->
                  new OrderflowProperties(
                      TWO_HOURS, null, new OrderflowProperties.Payment(bad, null, null, null)))
          .hasMessageStartingWith("orderflow.payment.orphan-grace must be a positive duration");
      assertThatThrownBy(
              () ->
                  new OrderflowProperties(
                      TWO_HOURS, null, new OrderflowProperties.Payment(null, null, bad, null)))
          .hasMessageStartingWith("orderflow.payment.recheck-interval must be a positive duration");
      assertThatThrownBy(
              () ->
                  new OrderflowProperties(
                      TWO_HOURS, null, new OrderflowProperties.Payment(null, null, null, bad)))
          .hasMessageStartingWith("orderflow.payment.settle-backstop must be a positive duration");
    }
  }

  @Test
  void timeoutGrace_mayBeZero_butNotNegative() {
    assertThat(
            new OrderflowProperties(
                    TWO_HOURS,
                    null,
                    new OrderflowProperties.Payment(null, Duration.ZERO, null, null))
                .payment()
                .timeoutGrace())
        .isZero();
    assertThatThrownBy(
            () ->
                new OrderflowProperties(
                    TWO_HOURS,
                    null,
                    new OrderflowProperties.Payment(null, Duration.ofSeconds(-1), null, null)))
        .hasMessage("orderflow.payment.timeout-grace must not be negative, was PT-1S");
  }
}
