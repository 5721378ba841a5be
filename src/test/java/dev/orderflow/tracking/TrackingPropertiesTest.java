package dev.orderflow.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

/**
 * The SLAs and the horizon bind with their defaults, and settings that cannot work are refused at
 * start-up.
 */
class TrackingPropertiesTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(TrackingProperties.class)
  static class Config {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(Config.class);

  @Test
  void nothingConfigured_givesTwoHoursOneDayAndFiveDays() {
    runner.run(
        context -> {
          TrackingProperties.Sla sla = context.getBean(TrackingProperties.class).sla();
          assertThat(sla.of(Milestone.PAYMENT)).isEqualTo(Duration.ofHours(2));
          assertThat(sla.of(Milestone.DISPATCH)).isEqualTo(Duration.ofHours(24));
          assertThat(sla.of(Milestone.DELIVERY)).isEqualTo(Duration.ofDays(5));
        });
  }

  @Test
  void nothingConfigured_givesAHorizonOfThirtyDays() {
    runner.run(
        context ->
            assertThat(context.getBean(TrackingProperties.class).horizon())
                .isEqualTo(Duration.ofDays(30)));
  }

  @Test
  void aHorizonNoLongerThanAnSla_isRefusedAtStartUpNamingBothSettings() {
    runner
        .withPropertyValues("orderflow.tracking.horizon=P5D")
        .run(
            context ->
                assertThat(
                        NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure())
                            .getMessage())
                    .isEqualTo(
                        "orderflow.tracking.horizon (PT120H) must be longer than every SLA, but"
                            + " orderflow.tracking.sla.delivery is PT120H"));
  }

  @Test
  void slasFromConfiguration_bindAsIsoDurations() {
    runner
        .withPropertyValues(
            "orderflow.tracking.sla.payment=PT15S", "orderflow.tracking.sla.delivery=P2D")
        .run(
            context -> {
              TrackingProperties.Sla sla = context.getBean(TrackingProperties.class).sla();
              assertThat(sla.payment()).isEqualTo(Duration.ofSeconds(15));
              assertThat(sla.dispatch()).isEqualTo(Duration.ofHours(24));
              assertThat(sla.delivery()).isEqualTo(Duration.ofDays(2));
            });
  }

  @Test
  void aZeroSla_isRefusedAtStartUpNamingTheSetting() {
    runner
        .withPropertyValues("orderflow.tracking.sla.dispatch=PT0S")
        .run(
            context ->
                assertThat(
                        NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure())
                            .getMessage())
                    .isEqualTo("orderflow.tracking.sla.dispatch must be positive, was PT0S"));
  }

  @Test
  void zeroOrNegativeSlasAndHorizon_areRefusedNamingTheSetting() {
    Duration day = Duration.ofDays(1);
    Duration horizon = Duration.ofDays(30);
    for (Duration bad : java.util.List.of(Duration.ZERO, Duration.ofSeconds(-1))) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> new TrackingProperties.Sla(bad, day, day))
          .hasMessage("orderflow.tracking.sla.payment must be positive, was " + bad);
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> new TrackingProperties.Sla(day, bad, day))
          .hasMessage("orderflow.tracking.sla.dispatch must be positive, was " + bad);
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> new TrackingProperties.Sla(day, day, bad))
          .hasMessage("orderflow.tracking.sla.delivery must be positive, was " + bad);
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> new TrackingProperties(new TrackingProperties.Sla(day, day, day), bad))
          .hasMessage("orderflow.tracking.horizon must be positive, was " + bad);
    }
    assertThat(new TrackingProperties(new TrackingProperties.Sla(day, day, day), horizon).horizon())
        .isEqualTo(horizon);
  }
}
