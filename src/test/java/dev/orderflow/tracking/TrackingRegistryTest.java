package dev.orderflow.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.order.OrderRegistry;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The first tracking instance to claim an order owns its tracking; a later one does not. */
@JdbcTest
@Import({TrackingRegistry.class, OrderRegistry.class, TrackingRegistryTest.Config.class})
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class TrackingRegistryTest {

  @TestConfiguration(proxyBeanMethods = false)
  static class Config {
    @Bean
    Clock clock() {
      return Clock.systemUTC();
    }
  }

  @Autowired TrackingRegistry registry;
  @Autowired OrderRegistry orders;

  @Test
  void firstInstance_ownsTheTracking_andMayClaimItAgain() {
    assertThat(registry.claim("order-tracked", 100L)).isTrue();
    assertThat(registry.claim("order-tracked", 100L))
        .as("a retried job of the same instance")
        .isTrue();
    assertThat(registry.owner("order-tracked")).contains(100L);
  }

  @Test
  void laterInstanceForTheSameOrder_isRefused() {
    assertThat(registry.claim("order-tracked-twice", 200L)).isTrue();

    assertThat(registry.claim("order-tracked-twice", 201L)).isFalse();
    assertThat(registry.owner("order-tracked-twice")).contains(200L);
  }

  @Test
  void trackingAndOrderInstances_claimTheSameOrderIndependently() {
    assertThat(orders.claim("order-both", 300L)).isTrue();

    assertThat(registry.claim("order-both", 301L)).as("the tracking instance").isTrue();
    assertThat(orders.owner("order-both")).contains(300L);
    assertThat(registry.owner("order-both")).contains(301L);
  }
}
