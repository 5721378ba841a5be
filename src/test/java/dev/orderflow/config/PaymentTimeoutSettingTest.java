package dev.orderflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.kafka.InboundMessage;
import dev.orderflow.kafka.InboundProperties;
import dev.orderflow.kafka.RecordTranslator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
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
              RecordTranslator translator =
                  new RecordTranslator(
                      new ObjectMapper(), context.getBean(InboundProperties.class));
              InboundMessage placed =
                  translator.translate(
                      record(
                          "orders.placed",
                          "order-1",
                          """
                          {"eventId":"placed-1","orderId":"order-1",\
                          "items":[{"sku":"SKU-A","quantity":1}]}"""));
              // the engine reads no duration text that it would have to parse: the deadline is
              // computed from the bound Duration and handed over as an ISO-8601 date-time
              assertThat(placed.variables()).doesNotContainValue("2h");
              assertThat(placed.variables().values())
                  .noneMatch(value -> String.valueOf(value).equals("2h"));
              assertThat(placed.ttl()).isEqualTo(Duration.ofHours(2));
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

  private static ConsumerRecord<String, byte[]> record(String topic, String key, String value) {
    return new ConsumerRecord<>(
        topic,
        0,
        0,
        1_764_460_800_000L,
        TimestampType.CREATE_TIME,
        -1,
        -1,
        key,
        value.getBytes(StandardCharsets.UTF_8),
        new RecordHeaders(),
        Optional.empty());
  }
}
