package dev.orderflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.kafka.InboundProperties;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

/**
 * {@code orderflow.payment-timeout} as application.yaml binds it: whatever spelling Spring accepts,
 * the engine gets nothing but validated values, and a window that cannot work is refused at
 * start-up naming the property.
 */
class PaymentTimeoutSettingTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties({OrderflowProperties.class, InboundProperties.class})
  static class Config {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withInitializer(new ConfigDataApplicationContextInitializer())
          .withUserConfiguration(Config.class);

  @Test
  void paymentTimeoutInSpringsShortForm_isValidated_andItsRawTextNeverReachesTheEngine() {
    runner
        .withPropertyValues("orderflow.payment-timeout=2h")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(OrderflowProperties.class).paymentTimeout())
                  .isEqualTo(Duration.ofHours(2));
              // the engine reads no duration text that it would have to parse: the deadline is
              // computed from the bound Duration (ReserveInventoryWorker) and handed over as an
              // ISO-8601 date-time; OrderPlaced carries no timeout (its variables are the model's)
            });
  }

  @Test
  void zeroPaymentTimeout_isRefusedAtStartUpNamingTheProperty() {
    assertRefused("PT0S");
  }

  @Test
  void negativePaymentTimeout_isRefusedAtStartUpNamingTheProperty() {
    assertRefused("-PT1H");
  }

  @Test
  void unparsablePaymentTimeout_isRefusedAtStartUpNamingTheProperty() {
    assertRefused("two hours");
  }

  private void assertRefused(String value) {
    runner
        .withPropertyValues("orderflow.payment-timeout=" + value)
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(reasons(context.getStartupFailure()))
                  .contains("orderflow.payment-timeout");
            });
  }

  /** Every message of the failure's causes, as start-up reports show them. */
  private static String reasons(Throwable failure) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.append(
            Optional.ofNullable(NestedExceptionUtils.getMostSpecificCause(failure))
                .map(Throwable::getMessage)
                .orElse(""))
        .toString();
  }
}
