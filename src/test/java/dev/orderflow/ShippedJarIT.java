package dev.orderflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs after {@code package} (failsafe): the application jar ships only open-source libraries. The
 * Zeebe engine and its process-test harness are for tests and the development run only.
 */
class ShippedJarIT {

  private static List<String> entries;

  @BeforeAll
  static void readJar() throws IOException {
    Path jar = Path.of(System.getProperty("orderflow.jar", "target/orderflow-0.1.0-SNAPSHOT.jar"));
    assertThat(jar).as("the packaged application jar").exists();
    try (JarFile file = new JarFile(jar.toFile())) {
      entries = file.stream().map(ZipEntry::getName).toList();
    }
  }

  @Test
  void jarHoldsNoEngine() {
    assertThat(entries)
        .filteredOn(name -> name.startsWith("BOOT-INF/lib/"))
        .isNotEmpty()
        .noneMatch(name -> name.contains("zeebe-workflow-engine"))
        .noneMatch(name -> name.contains("zeebe-process-test"))
        .noneMatch(name -> name.contains("zeebe-db"))
        .noneMatch(name -> name.contains("zeebe-stream-platform"));
  }

  @Test
  void jarHoldsTheClientTheModelAndTheApplication() {
    assertThat(entries)
        .anyMatch(name -> name.startsWith("BOOT-INF/lib/camunda-client-java-"))
        .anyMatch(name -> name.startsWith("BOOT-INF/lib/spring-kafka-"))
        .contains("BOOT-INF/classes/bpmn/order-process.bpmn")
        .contains("BOOT-INF/classes/dev/orderflow/OrderflowApplication.class")
        .noneMatch(name -> name.startsWith("BOOT-INF/classes/dev/orderflow/testing/"));
  }
}
