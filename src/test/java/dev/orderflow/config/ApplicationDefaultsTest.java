package dev.orderflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.spring.properties.CamundaClientProperties;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointProperties;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What application.yaml promises in production, read as the application reads it (no test profile:
 * the tests' own settings shorten or widen some of these): the 30 s job timeout, and health details
 * for authorized callers only.
 */
class ApplicationDefaultsTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(CamundaClientProperties.class)
  static class Config {

    @Bean
    @ConfigurationProperties("management.endpoint.health")
    HealthEndpointProperties healthEndpointProperties() {
      return new HealthEndpointProperties();
    }
  }

  private final ApplicationContextRunner application =
      new ApplicationContextRunner()
          .withInitializer(new ConfigDataApplicationContextInitializer())
          .withUserConfiguration(Config.class);

  @Test
  void jobTimeout_isThirtySeconds_byDefault() {
    application.run(
        context ->
            assertThat(
                    context
                        .getBean(CamundaClientProperties.class)
                        .getWorker()
                        .getDefaults()
                        .getTimeout())
                .isEqualTo(Duration.ofSeconds(30)));
  }

  @Test
  void healthDetails_areShownOnlyToAuthorizedCallers_componentsToEveryone() {
    application.run(
        context -> {
          HealthEndpointProperties health = context.getBean(HealthEndpointProperties.class);
          Principal operator = () -> "operator";
          SecurityContext authorized =
              new SecurityContext() {
                @Override
                public Principal getPrincipal() {
                  return operator;
                }

                @Override
                public boolean isUserInRole(String role) {
                  return true;
                }
              };

          assertThat(health.getShowDetails()).isEqualTo(Show.WHEN_AUTHORIZED);
          assertThat(health.getShowDetails().isShown(SecurityContext.NONE, List.of()))
              .as("details for an anonymous caller")
              .isFalse();
          assertThat(health.getShowDetails().isShown(authorized, List.of()))
              .as("details for an authenticated caller")
              .isTrue();
          assertThat(health.getShowComponents()).isEqualTo(Show.ALWAYS);
        });
  }

  @Test
  void testProfile_isWhereDetailsAreAlwaysShown() {
    application
        .withPropertyValues("spring.profiles.active=test")
        .run(
            context ->
                assertThat(context.getBean(HealthEndpointProperties.class).getShowDetails())
                    .isEqualTo(Show.ALWAYS));
  }
}
