package dev.orderflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker-compose.yml} as a user runs it: Kafka tells clients outside Docker the address they
 * can reach (the bind address, not {@code localhost}), and the README starts the infrastructure
 * with {@code --wait}, so the application is started once Camunda is ready.
 */
class LocalInfrastructureTest {

  @Test
  void kafkaAdvertisesTheBindAddress_toClientsOutsideDocker() throws IOException {
    String listeners = kafkaEnvironment().get("KAFKA_ADVERTISED_LISTENERS").toString();

    assertThat(interpolate(listeners, Map.of()))
        .isEqualTo("PLAINTEXT://kafka:19092,PLAINTEXT_HOST://localhost:9092");
    assertThat(interpolate(listeners, Map.of("ORDERFLOW_BIND_ADDRESS", "192.168.1.20")))
        .isEqualTo("PLAINTEXT://kafka:19092,PLAINTEXT_HOST://192.168.1.20:9092");
    assertThat(
            interpolate(
                listeners,
                Map.of(
                    "ORDERFLOW_BIND_ADDRESS", "0.0.0.0",
                    "ORDERFLOW_KAFKA_ADVERTISED_HOST", "kafka.example.net")))
        .isEqualTo("PLAINTEXT://kafka:19092,PLAINTEXT_HOST://kafka.example.net:9092");
  }

  @Test
  void readme_startsTheInfrastructureWithWait() throws IOException {
    for (String file : new String[] {"README.md", "docs/docker-compose.md"}) {
      String text = Files.readString(Path.of(file));
      assertThat(text).as(file).contains("docker compose up -d --wait");
      assertThat(text).as(file).doesNotContainPattern("docker compose up -d\\s*\\n");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> kafkaEnvironment() throws IOException {
    Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
    Map<String, Object> services = (Map<String, Object>) compose.get("services");
    Map<String, Object> kafka = (Map<String, Object>) services.get("kafka");
    return (Map<String, Object>) kafka.get("environment");
  }

  private static final Pattern INNERMOST = Pattern.compile("\\$\\{(\\w+)(?::-([^${}]*))?}");

  /** Compose's {@code ${VAR}} and {@code ${VAR:-default}}, nested, innermost first. */
  static String interpolate(String value, Map<String, String> environment) {
    String text = value;
    for (Matcher m = INNERMOST.matcher(text); m.find(); m = INNERMOST.matcher(text)) {
      String set = environment.get(m.group(1));
      String replacement =
          set != null && !set.isEmpty() ? set : m.group(2) == null ? "" : m.group(2);
      text = text.substring(0, m.start()) + replacement + text.substring(m.end());
    }
    return text;
  }
}
