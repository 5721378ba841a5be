package dev.orderflow.bench;

import static org.awaitility.Awaitility.await;

import dev.orderflow.bench.BenchOptions.Scenario;
import dev.orderflow.testing.EmbeddedEngine;
import dev.orderflow.testing.OrderJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * (3) The bridge: records on Kafka turned into published messages. Each round pauses the bridge's
 * listener, writes a backlog of PaymentCaptured records to {@code payments.captured} (correlation
 * keys nobody waits for, as in the raw publish (2)), resumes the listener and waits until the
 * bridge's own counter ({@code orderflow.inbound.records}, outcomes {@code published} and {@code
 * duplicate}) has them all. The rate is taken from the engine's records, from the first message
 * published to the last, as for the raw publish; the harness-side figure (first record received to
 * last published, polled) is kept as {@code clientSideRate}. The application runs with the mode's
 * TTLs and {@code --publish-in-flight} as its max-in-flight, on a fresh engine, and, like the raw
 * publish, deploys nothing ({@value #DEPLOYMENT_ENABLED}=false): the figure is that of turning
 * records into messages, not of the processes a message would start.
 */
final class BridgeScenario {

  static final String LISTENER_ID = "inbound-bridge";
  static final String ROUTE = "payment-captured";

  /** The SDK's switch for the application's {@code @Deployment} at start-up. */
  static final String DEPLOYMENT_ENABLED = "camunda.client.deployment.enabled";

  private final BenchEnvironment env;
  private final BenchOptions options;

  BridgeScenario(BenchEnvironment env, BenchOptions options) {
    this.env = env;
    this.options = options;
  }

  ScenarioResult run(TtlMode mode) {
    ScenarioResult.Builder result =
        new ScenarioResult.Builder(Scenario.BRIDGE, null, mode.name(), null, "messages/s");
    String run = UUID.randomUUID().toString().substring(0, 8);
    try (EmbeddedEngine engine = EmbeddedEngine.start();
        ConfigurableApplicationContext app =
            env.startApplication(
                engine, mode, options.publishInFlight(), Map.of(DEPLOYMENT_ENABLED, "false"));
        KafkaProducer<String, byte[]> producer = env.producer()) {
      MessageListenerContainer bridge =
          app.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer(LISTENER_ID);
      MeterRegistry metrics = app.getBean(MeterRegistry.class);
      await("the bridge's partitions")
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  bridge.getAssignedPartitions() != null
                      && !bridge.getAssignedPartitions().isEmpty());
      PublishedMessages.runRounds(
          engine,
          options,
          result,
          "bridge/" + mode.name(),
          "records",
          "harness side",
          "bridge-" + run,
          (prefix, records) -> drain(bridge, metrics, producer, prefix, records));
      result.fact("heapAfterRunMb", BenchEnvironment.heapUsedMb());
    } catch (Exception e) {
      result.error(Progress.describe(e));
    }
    return result.build();
  }

  private long drain(
      MessageListenerContainer bridge,
      MeterRegistry metrics,
      KafkaProducer<String, byte[]> producer,
      String prefix,
      int records) {
    bridge.pause();
    await("the bridge paused").atMost(Duration.ofSeconds(30)).until(bridge::isContainerPaused);
    for (int i = 0; i < records; i++) {
      String orderId = prefix + i;
      producer.send(
          new ProducerRecord<>(
              EndToEndScenario.PAYMENTS_CAPTURED,
              orderId,
              OrderJson.paymentCaptured(orderId).getBytes(StandardCharsets.UTF_8)));
    }
    producer.flush();
    double receivedBefore = count(metrics, "received");
    double answeredBefore = count(metrics, "published") + count(metrics, "duplicate");
    bridge.resume();
    Duration timeout = options.roundTimeout();
    await("the bridge's first record")
        .atMost(timeout)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(10))
        .until(() -> count(metrics, "received") > receivedBefore);
    long start = System.nanoTime();
    await(records + " messages published by the bridge")
        .atMost(timeout)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(10))
        .until(
            () ->
                count(metrics, "published") + count(metrics, "duplicate")
                    >= answeredBefore + records);
    long nanos = System.nanoTime() - start;
    double duplicates = count(metrics, "duplicate");
    if (duplicates > 0) {
      Progress.say("  bridge: %.0f duplicates so far (redelivered records)", duplicates);
    }
    return nanos;
  }

  private static double count(MeterRegistry metrics, String outcome) {
    Counter counter =
        metrics
            .find("orderflow.inbound.records")
            .tag("route", ROUTE)
            .tag("outcome", outcome)
            .counter();
    return counter == null ? 0 : counter.count();
  }
}
