package dev.orderflow.order;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The order desk's due and follow-up durations: zero or negative is refused at start-up. */
class OrderDeskPropertiesTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(OrderDeskProperties.class)
  static class Config {}

  private final ApplicationContextRunner application =
      new ApplicationContextRunner().withUserConfiguration(Config.class);

  @Test
  void zeroOrNegativeDueOrFollowUp_isRefusedAtStartUp_namingTheProperty() {
    application
        .withPropertyValues("orderflow.order-desk.due-in=PT0S")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessage("orderflow.order-desk.due-in must be positive, was PT0S"));
    application
        .withPropertyValues("orderflow.order-desk.follow-up-in=-1h")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessage("orderflow.order-desk.follow-up-in must be positive, was PT-1H"));
  }

  @Test
  void defaults_areFourHoursDueAndOneHourFollowUp() {
    application.run(
        context ->
            assertThat(context.getBean(OrderDeskProperties.class))
                .extracting(OrderDeskProperties::dueIn, OrderDeskProperties::followUpIn)
                .containsExactly(java.time.Duration.ofHours(4), java.time.Duration.ofHours(1)));
  }
}
