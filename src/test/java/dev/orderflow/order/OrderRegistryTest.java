package dev.orderflow.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The first instance to claim an order owns it; a later instance for the same order does not. */
@JdbcTest
@Import({OrderRegistry.class, OrderRegistryTest.Config.class})
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class OrderRegistryTest {

  @TestConfiguration(proxyBeanMethods = false)
  static class Config {
    @Bean
    Clock clock() {
      return Clock.systemUTC();
    }
  }

  @Autowired OrderRegistry registry;

  @Test
  void firstInstance_ownsTheOrder_andMayClaimItAgain() {
    assertThat(registry.claim("order-first", 100L)).isTrue();
    assertThat(registry.claim("order-first", 100L))
        .as("a retried job of the same instance")
        .isTrue();
    assertThat(registry.owner("order-first")).contains(100L);
  }

  @Test
  void laterInstanceForTheSameOrder_isRefused() {
    assertThat(registry.claim("order-twice", 200L)).isTrue();

    assertThat(registry.claim("order-twice", 201L)).isFalse();
    assertThat(registry.owner("order-twice")).contains(200L);
  }

  @Test
  void unknownOrder_hasNoOwner() {
    assertThat(registry.owner("order-never-seen")).isEmpty();
  }
}
