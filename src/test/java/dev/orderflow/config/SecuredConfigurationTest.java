package dev.orderflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.spring.properties.CamundaClientAuthProperties;
import io.camunda.client.spring.properties.CamundaClientProperties;
import java.io.IOException;
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
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.EnumerablePropertySource;
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
              KafkaProperties kafka = context.getBean(KafkaProperties.class);
              Map<String, Map<String, Object>> clients =
                  Map.of(
                      "consumer", kafka.buildConsumerProperties(null),
                      "producer", kafka.buildProducerProperties(null),
                      "admin", kafka.buildAdminProperties(null));
              clients.forEach(
                  (client, properties) -> {
                    assertThat(properties)
                        .as("%s properties", client)
                        .containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL")
                        .containsEntry(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
                    assertThat((String) properties.get(SaslConfigs.SASL_JAAS_CONFIG))
                        .as("%s %s", client, SaslConfigs.SASL_JAAS_CONFIG)
                        .contains("ScramLoginModule required")
                        .contains("username=\"orderflow-app\"")
                        .contains("password=\"from-the-environment\"");
                    // every secret-looking value the client gets came from the environment
                    properties.forEach(
                        (key, value) -> {
                          if (SECRET_KEY.matcher(key).find() && value != null) {
                            assertThat(String.valueOf(value))
                                .as("%s %s", client, key)
                                .isIn("from-the-environment", "");
                          }
                        });
                  });

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

  /** Keys that hold a secret, whatever the library calls them. */
  private static final Pattern SECRET_KEY =
      Pattern.compile("(?i)(password|secret|credential|token(?!-url|\\.url|_url|url))");

  /** A password written into a value, as JAAS and JDBC URLs do: password="...", password=... */
  private static final Pattern PASSWORD_IN_VALUE =
      Pattern.compile("(?i)(password|secret)\\s*=\\s*\"?([^\"\\s;&]*)");

  @Test
  void noConfigurationFile_holdsASecretOfItsOwn() throws IOException {
    Resource[] files =
        new PathMatchingResourcePatternResolver().getResources("classpath*:application*.yaml");
    assertThat(files).isNotEmpty();
    for (Resource file : files) {
      for (Map.Entry<String, Object> property : flattened(file).entrySet()) {
        String key = property.getKey();
        String value = String.valueOf(property.getValue());
        String where = file.getFilename() + ": " + key;
        if (SECRET_KEY.matcher(key).find() && !value.isEmpty()) {
          assertThat(value).as(where).startsWith("${");
        }
        Matcher inValue = PASSWORD_IN_VALUE.matcher(value);
        while (inValue.find()) {
          assertThat(inValue.group(2)).as("%s: %s", where, inValue.group()).startsWith("${");
        }
      }
    }
  }

  @Test
  void secretScan_findsALiteralPasswordInsideAJaasConfig() {
    String literal =
        "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"orderflow-app\" password=\"hunter2\";";
    Matcher matcher = PASSWORD_IN_VALUE.matcher(literal);

    assertThat(matcher.find()).isTrue();
    assertThat(matcher.group(2)).isEqualTo("hunter2");
    assertThat(SECRET_KEY.matcher("spring.kafka.properties.sasl.jaas.config").find()).isFalse();
    assertThat(SECRET_KEY.matcher("camunda.client.auth.client-secret").find()).isTrue();
  }

  /** Every property of the file, as Spring reads it (all documents, nested keys joined). */
  private static Map<String, Object> flattened(Resource file) {
    Map<String, Object> all = new java.util.LinkedHashMap<>();
    try {
      new YamlPropertySourceLoader()
          .load(file.getFilename(), file)
          .forEach(
              source -> {
                if (source instanceof EnumerablePropertySource<?> enumerable) {
                  for (String name : enumerable.getPropertyNames()) {
                    all.put(name, enumerable.getProperty(name));
                  }
                }
              });
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return all;
  }
}
