package dev.orderflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.OrderflowApplication;
import dev.orderflow.kafka.InboundBridge;
import dev.orderflow.order.OrderProcess;
import dev.orderflow.testing.EmbeddedEngine;
import dev.orderflow.tracking.TrackingProcess;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.ProcessIntent;
import io.camunda.zeebe.protocol.record.value.deployment.Process;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * A cold start, as with {@code docker compose up}: the application starts while the engine does not
 * answer yet, reports {@code DOWN} and reads nothing from Kafka, and keeps trying to deploy its
 * models with a backoff; once the engine is there, it deploys them, reports {@code UP} and starts
 * the inbound bridge.
 */
class EngineNotReadyAtStartUpTest {

  @Test
  void engineNotReadyAtStartUp_applicationStartsAndDeploysOnceTheEngineAnswers() {
    int enginePort = freePort();
    try (ConfigurableApplicationContext app =
        new SpringApplicationBuilder(OrderflowApplication.class)
            .profiles("test")
            .run(
                "--camunda.client.grpc-address=http://localhost:" + enginePort,
                "--camunda.client.rest-address=http://localhost:" + freePort(),
                "--spring.kafka.bootstrap-servers=localhost:" + freePort(),
                "--orderflow.kafka.create-topics=false",
                "--orderflow.deployment.retry.initial-interval=200ms",
                "--orderflow.deployment.retry.max-interval=1s")) {
      HealthEndpoint health = app.getBean(HealthEndpoint.class);
      assertThat(health.healthForPath("processDeployment").getStatus().getCode()).isEqualTo("DOWN");
      assertThat(bridgeRunning(app)).as("inbound bridge reading Kafka").isFalse();

      try (EmbeddedEngine engine = EmbeddedEngine.start(enginePort)) {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> health.healthForPath("processDeployment").getStatus().getCode(),
                "UP"::equals);
        assertThat(deployedProcesses(engine))
            .contains(OrderProcess.PROCESS_ID, TrackingProcess.PROCESS_ID);
        await().atMost(Duration.ofSeconds(10)).until(() -> bridgeRunning(app));
      }
    }
  }

  private static boolean bridgeRunning(ConfigurableApplicationContext app) {
    var container =
        app.getBean(KafkaListenerEndpointRegistry.class)
            .getListenerContainer(InboundBridge.LISTENER_ID);
    return container != null && container.isRunning();
  }

  private static List<String> deployedProcesses(EmbeddedEngine engine) {
    return StreamSupport.stream(engine.records().processRecords().spliterator(), false)
        .filter(r -> r.getIntent() == ProcessIntent.CREATED)
        .map(Record::getValue)
        .map(Process::getBpmnProcessId)
        .toList();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
