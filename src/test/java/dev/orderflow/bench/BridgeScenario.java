package dev.orderflow.bench;

import static org.awaitility.Awaitility.await;

import dev.orderflow.bench.BenchOptions.Scenario;
import dev.orderflow.testing.EmbeddedEngine;
import dev.orderflow.testing.OrderJson;
import io.camunda.client.CamundaClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * (3) The bridge: records on Kafka turned into published messages. Each round writes
 * PaymentCaptured records to {@code payments.captured} (correlation keys nobody waits for, as in
 * the raw publish (2)) as fast as the producer goes, while the bridge's listener runs, and waits
 * until the bridge's own counter ({@code orderflow.inbound.records}, outcomes {@code published} and
 * {@code duplicate}) has them all. It is timed from the first record produced to the engine's last
 * PUBLISHED record of the round: consuming, translating, publishing and the bridge's per-poll
 * barrier (it acknowledges a poll's records only when every message of the poll was answered) are
 * all in it. A round holds many more records than one poll ({@code max.poll.records}, Kafka's
 * default 500), so it spans several polls. The application runs with the mode's TTLs and {@code
 * --publish-in-flight} as its max-in-flight, on a fresh engine of the primary store, and deploys
 * nothing ({@value #DEPLOYMENT_ENABLED}=false): the figure is that of turning records into
 * messages, not of the processes a message would start.
 *
 * <p>Its yardstick, the raw publish (2), runs on the same engine, a round of it next to each round
 * of the bridge, the two taking turns to go first ({@link PublishedMessages#inTurn}): the n-th
 * rounds of both sides run on the same JVM, as warm, and neither always publishes into the messages
 * the other just buffered, so the paired ratio is the bridge's own cost. (Run one after the other,
 * the later scenario had a JVM the earlier one had warmed up: the raw publish sped up by half from
 * its first to its third round, and the ratio measured which one ran first.)
 */
final class BridgeScenario {

  static final String LISTENER_ID = "inbound-bridge";
  static final String ROUTE = "payments.captured";

  /** The SDK's switch for the application's {@code @Deployment} at start-up. */
  static final String DEPLOYMENT_ENABLED = "camunda.client.deployment.enabled";

  /** Kafka's {@code max.poll.records} unless the application sets it. */
  static final int DEFAULT_MAX_POLL_RECORDS = 500;

  private final BenchEnvironment env;
  private final BenchOptions options;

  BridgeScenario(BenchEnvironment env, BenchOptions options) {
    this.env = env;
    this.options = options;
  }

  /**
   * The bridge's rounds, each after a raw publish round on the same engine: the raw publish (2) and
   * the bridge (3) results, in that order.
   */
  List<ScenarioResult> run(TtlMode mode) {
    String store = BenchOptions.storeName(options.primaryStore());
    ScenarioResult.Builder publish =
        new ScenarioResult.Builder(Scenario.PUBLISH, store, mode.name(), null, "messages/s");
    ScenarioResult.Builder bridged =
        new ScenarioResult.Builder(Scenario.BRIDGE, store, mode.name(), null, "messages/s");
    String run = UUID.randomUUID().toString().substring(0, 8);
    try (EmbeddedEngine engine = EmbeddedEngine.start(options.primaryStore());
        ConfigurableApplicationContext app =
            env.startApplication(
                engine, mode, options.publishInFlight(), Map.of(DEPLOYMENT_ENABLED, "false"));
        CamundaClient client = engine.newClient();
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
      int maxPollRecords =
          app.getEnvironment()
              .getProperty(
                  "spring.kafka.consumer.max-poll-records",
                  Integer.class,
                  DEFAULT_MAX_POLL_RECORDS);
      bridged.fact("maxPollRecords", maxPollRecords);
      bridged.fact(
          "pollsPerRoundAtLeast", (options.messages() + maxPollRecords - 1) / maxPollRecords);
      PublishedMessages.runRounds(
          engine,
          options,
          new PublishedMessages.Side(
              publish,
              "publish/" + mode.name(),
              "messages",
              "publish-" + run,
              (prefix, count) -> PublishScenario.publish(client, options, mode, prefix, count)),
          new PublishedMessages.Side(
              bridged,
              "bridge/" + mode.name(),
              "records",
              "bridge-" + run,
              (prefix, count) -> feed(metrics, producer, prefix, count)));
      bridged.fact("heapAfterRunMb", BenchEnvironment.heapUsedMb());
    } catch (Exception e) {
      publish.error(Progress.describe(e));
      bridged.error(Progress.describe(e));
    }
    return List.of(publish.build(), bridged.build());
  }

  /** Produces the round's records while the bridge runs; returns when the first was produced. */
  private long feed(
      MeterRegistry metrics, KafkaProducer<String, byte[]> producer, String prefix, int records) {
    double answeredBefore = count(metrics, "published") + count(metrics, "duplicate");
    long startMillis = System.currentTimeMillis();
    for (int i = 0; i < records; i++) {
      String orderId = prefix + i;
      producer.send(
          new ProducerRecord<>(
              EndToEndScenario.PAYMENTS_CAPTURED,
              null,
              i == 0 ? startMillis : System.currentTimeMillis(),
              orderId,
              OrderJson.paymentCaptured(orderId).getBytes(StandardCharsets.UTF_8)));
    }
    producer.flush();
    Progress.say(
        "  bridge: %d records produced in %.2f s",
        records, (System.currentTimeMillis() - startMillis) / 1000.0);
    await(records + " messages published by the bridge")
        .atMost(options.roundTimeout())
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                count(metrics, "published") + count(metrics, "duplicate")
                    >= answeredBefore + records);
    double duplicates = count(metrics, "duplicate");
    if (duplicates > 0) {
      Progress.say("  bridge: %.0f duplicates so far (redelivered records)", duplicates);
    }
    return startMillis;
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
