package dev.orderflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.spring.properties.CamundaClientAuthProperties;
import io.camunda.client.spring.properties.CamundaClientProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The {@code secured} profile: Kafka over SASL_SSL with SCRAM and the Camunda client with OAuth,
 * every secret taken from the environment; and no configuration file holds a secret of its own.
 */
class SecuredConfigurationTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties({
    KafkaProperties.class,
    CamundaClientProperties.class,
    DataSourceProperties.class
  })
  static class Config {}

  /** Stand-ins for environment variables (the relaxed names Spring reads them by). */
  private static final String[] ENVIRONMENT = {
    "spring.profiles.active=secured",
    "KAFKA_BOOTSTRAP_SERVERS=kafka-1.example.net:9093",
    "KAFKA_SASL_USERNAME=orderflow-app",
    "KAFKA_SASL_PASSWORD=from-the-environment",
    "CAMUNDA_GRPC_ADDRESS=https://zeebe.example.net:443",
    "CAMUNDA_REST_ADDRESS=https://camunda.example.net",
    "CAMUNDA_CLIENT_ID=orderflow",
    "CAMUNDA_CLIENT_SECRET=client-secret-from-the-environment",
    "CAMUNDA_TOKEN_URL=https://login.example.net/oauth/token",
    "ORDERFLOW_DB_URL=jdbc:postgresql://db.example.net:5432/orderflow",
    "ORDERFLOW_DB_USERNAME=orderflow",
    "ORDERFLOW_DB_PASSWORD=db-password-from-the-environment"
  };

  @Test
  void securedProfile_configuresSaslScramOverTlsAndOauth_fromTheEnvironment() {
    new ApplicationContextRunner()
        .withInitializer(new ConfigDataApplicationContextInitializer())
        .withUserConfiguration(Config.class)
        .withPropertyValues(ENVIRONMENT)
        .run(
            context -> {
              Map<String, Object> consumer =
                  context.getBean(KafkaProperties.class).buildConsumerProperties(null);
              assertThat(consumer)
                  .containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL")
                  .containsEntry(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
              assertThat((String) consumer.get(SaslConfigs.SASL_JAAS_CONFIG))
                  .contains("ScramLoginModule required")
                  .contains("username=\"orderflow-app\"")
                  .contains("password=\"from-the-environment\"");

              CamundaClientAuthProperties auth =
                  context.getBean(CamundaClientProperties.class).getAuth();
              assertThat(auth.getMethod()).isEqualTo(CamundaClientAuthProperties.AuthMethod.oidc);
              assertThat(auth.getClientId()).isEqualTo("orderflow");
              assertThat(auth.getClientSecret()).isEqualTo("client-secret-from-the-environment");
              assertThat(auth.getTokenUrl()).hasToString("https://login.example.net/oauth/token");

              DataSourceProperties database = context.getBean(DataSourceProperties.class);
              assertThat(database.getUrl())
                  .isEqualTo("jdbc:postgresql://db.example.net:5432/orderflow");
              assertThat(database.getUsername()).isEqualTo("orderflow");
              assertThat(database.getPassword()).isEqualTo("db-password-from-the-environment");
            });
  }

  @Test
  void securedProfileWithoutADatabase_failsAtStartUpNamingWhatIsMissing() {
    String[] withoutDatabase =
        Arrays.stream(ENVIRONMENT)
            .filter(p -> !p.startsWith("ORDERFLOW_DB_"))
            .toArray(String[]::new);

    assertThatThrownBy(() -> start(withoutDatabase))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("secured")
        .hasMessageContaining("ORDERFLOW_DB_URL")
        .hasMessageContaining("ORDERFLOW_DB_USERNAME")
        .hasMessageContaining("ORDERFLOW_DB_PASSWORD");
  }

  @Test
  void securedProfileWithTheLocalH2Database_failsAtStartUp() {
    String[] withH2 =
        Arrays.stream(ENVIRONMENT)
            .map(p -> p.startsWith("ORDERFLOW_DB_URL=") ? "ORDERFLOW_DB_URL=jdbc:h2:file:./x" : p)
            .toArray(String[]::new);

    assertThatThrownBy(() -> start(withH2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("jdbc:h2:file:./x")
        .hasMessageContaining("an external database");
  }

  @Test
  void securedProfileWithADatabase_starts() {
    assertThatCode(() -> start(ENVIRONMENT)).doesNotThrowAnyException();
  }

  /** Starts an application of the configuration only, as SpringApplication prepares it. */
  private static void start(String[] environment) {
    new SpringApplicationBuilder(Config.class)
        .web(WebApplicationType.NONE)
        .properties(Map.of("spring.main.banner-mode", "off"))
        .run(Arrays.stream(environment).map(p -> "--" + p).toArray(String[]::new))
        .close();
  }

  @Test
  void noConfigurationFile_holdsASecretOfItsOwn() throws IOException {
    Pattern secret =
        Pattern.compile("(?im)^\\s*[\\w.-]*(password|secret)[\\w.-]*\\s*:\\s*(\\S.*)$");
    Resource[] files =
        new PathMatchingResourcePatternResolver().getResources("classpath*:application*.yaml");
    assertThat(files).isNotEmpty();
    for (Resource file : files) {
      String text = file.getContentAsString(StandardCharsets.UTF_8);
      Matcher matcher = secret.matcher(text);
      while (matcher.find()) {
        assertThat(matcher.group(2))
            .as("%s: %s", file.getFilename(), matcher.group().trim())
            .startsWith("${");
      }
    }
  }
}
