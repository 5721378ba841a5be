package dev.orderflow.bench;

import static org.awaitility.Awaitility.await;

import dev.orderflow.bench.BenchOptions.Scenario;
import dev.orderflow.testing.OrderJson;
import dev.orderflow.testing.OrderflowKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * (1) The Kafka limit: the same number of payment records produced (with the application's producer
 * settings) and consumed back, no engine and no application. Each round writes a fresh topic with
 * the application's partition count; the in-flight cap plays no part here.
 */
final class KafkaLimitScenario {

  /** Reading back what was just written takes well under a second; this is a hang. */
  private static final Duration KAFKA_TIMEOUT = Duration.ofMinutes(2);

  private final BenchEnvironment env;
  private final BenchOptions options;

  KafkaLimitScenario(BenchEnvironment env, BenchOptions options) {
    this.env = env;
    this.options = options;
  }

  List<ScenarioResult> run() {
    ScenarioResult.Builder produce =
        new ScenarioResult.Builder(Scenario.KAFKA, "produce", null, null, "records/s");
    ScenarioResult.Builder consume =
        new ScenarioResult.Builder(Scenario.KAFKA, "consume", null, null, "records/s");
    String run = UUID.randomUUID().toString().substring(0, 8);
    try (KafkaProducer<String, byte[]> producer = env.producer();
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers()))) {
      for (int round = 0; round <= options.rounds(); round++) {
        boolean warmup = round == 0;
        int records = warmup ? options.messageWarmup() : options.messages();
        if (records == 0) {
          continue;
        }
        String topic = "bench.kafka." + run + "." + round;
        admin
            .createTopics(List.of(new NewTopic(topic, BenchEnvironment.PARTITIONS, (short) 1)))
            .all()
            .get(30, TimeUnit.SECONDS);
        awaitLeaders(admin, producer, topic);
        long produceNanos = produce(producer, topic, run + "-" + round, records);
        long consumeNanos = consume(topic, records);
        if (!warmup) {
          produce.round(
              Map.of(
                  ScenarioResult.RATE,
                  Stats.rate(records, produceNanos),
                  ScenarioResult.SECONDS,
                  produceNanos / 1e9));
          consume.round(
              Map.of(
                  ScenarioResult.RATE,
                  Stats.rate(records, consumeNanos),
                  ScenarioResult.SECONDS,
                  consumeNanos / 1e9));
        }
        Progress.say(
            "  kafka %s: produced %d in %.2f s, consumed in %.2f s",
            warmup ? "warm-up" : "round " + round, records, produceNanos / 1e9, consumeNanos / 1e9);
      }
    } catch (Exception e) {
      produce.error(Progress.describe(e));
      consume.error(Progress.describe(e));
    }
    return List.of(produce.build(), consume.build());
  }

  /**
   * Waits until every partition of the new topic has a leader, for the broker and for the producer:
   * a first write to a partition without one is retried, and an idempotent producer can then get
   * stuck on its sequence numbers.
   */
  private static void awaitLeaders(
      Admin admin, KafkaProducer<String, byte[]> producer, String topic) {
    await("leaders of " + topic)
        .atMost(Duration.ofSeconds(30))
        // a topic just created can be listed before it can be described: ask again
        .ignoreExceptions()
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                admin
                        .describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(10, TimeUnit.SECONDS)
                        .get(topic)
                        .partitions()
                        .stream()
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty())
                    && producer.partitionsFor(topic).stream()
                        .allMatch(p -> p.leader() != null && p.leader().id() >= 0));
  }

  private static long produce(
      KafkaProducer<String, byte[]> producer, String topic, String prefix, int records) {
    long start = System.nanoTime();
    for (int i = 0; i < records; i++) {
      String orderId = "kafka-" + prefix + "-" + i;
      producer.send(
          new ProducerRecord<>(
              topic, orderId, OrderJson.paymentCaptured(orderId).getBytes(StandardCharsets.UTF_8)));
    }
    producer.flush();
    return System.nanoTime() - start;
  }

  private long consume(String topic, int records) {
    try (KafkaConsumer<String, byte[]> consumer =
        OrderflowKafka.fromBeginning(env.bootstrapServers(), topic)) {
      consumer
          .assignment()
          .forEach(consumer::position); // resolve the offsets before the clock starts
      Duration timeout =
          KAFKA_TIMEOUT.compareTo(options.roundTimeout()) < 0
              ? KAFKA_TIMEOUT
              : options.roundTimeout();
      long deadline = System.nanoTime() + timeout.toNanos();
      long start = System.nanoTime();
      int read = 0;
      while (read < records) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "read only " + read + " of " + records + " records within " + timeout);
        }
        read += consumer.poll(Duration.ofMillis(100)).count();
      }
      return System.nanoTime() - start;
    }
  }
}
