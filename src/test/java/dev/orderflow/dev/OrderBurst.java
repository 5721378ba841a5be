package dev.orderflow.dev;

import dev.orderflow.testing.OrderJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A shop and a payment service in a hurry: puts N orders and their payments on Kafka at once, as
 * any Kafka client would, against a running Orderflow (README command 1 with {@code --demo.orders=0
 * --demo.keep-running}), then reads {@code orders.events} until every order has its outcome and
 * prints how long it took and what the outcomes were.
 *
 * <p>Arguments: {@code --bootstrap=localhost:9092} {@code --orders=300} {@code --timeout=PT10M}.
 * Run from the test class path, e.g. {@code java -cp "target/test-classes:$(cat target/cp.txt)"
 * dev.orderflow.dev.OrderBurst --orders=300}.
 */
public final class OrderBurst {

  private OrderBurst() {}

  public static void main(String[] args) {
    Map<String, String> options = DemoOptions.parse(args);
    String bootstrap = options.getOrDefault("bootstrap", "localhost:9092");
    int orders = Integer.parseInt(options.getOrDefault("orders", "300"));
    Duration timeout = Duration.parse(options.getOrDefault("timeout", "PT10M"));
    String run = UUID.randomUUID().toString().substring(0, 8);

    try (KafkaConsumer<String, String> events = outcomes(bootstrap);
        KafkaProducer<String, String> producer = producer(bootstrap)) {
      long started = System.nanoTime();
      for (int i = 1; i <= orders; i++) {
        String orderId = "burst-" + run + "-" + i;
        producer.send(
            new ProducerRecord<>(
                "orders.placed", orderId, OrderJson.orderPlaced(orderId, "SKU-BOOK", 1)));
        producer.send(
            new ProducerRecord<>("payments.captured", orderId, OrderJson.paymentCaptured(orderId)));
      }
      producer.flush();
      System.out.printf("Sent %d orders and their payments in %.1f s%n", orders, seconds(started));

      Map<String, String> outcomeOf = new HashMap<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      long lastReport = System.nanoTime();
      while (outcomeOf.size() < orders && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : events.poll(Duration.ofMillis(500))) {
          if (record.key() != null && record.key().startsWith("burst-" + run + "-")) {
            Header type = record.headers().lastHeader("type");
            outcomeOf.putIfAbsent(
                record.key(),
                type == null ? "?" : new String(type.value(), StandardCharsets.UTF_8));
          }
        }
        if (System.nanoTime() - lastReport > Duration.ofSeconds(10).toNanos()) {
          System.out.printf("  %d of %d orders ended%n", outcomeOf.size(), orders);
          lastReport = System.nanoTime();
        }
      }
      double took = seconds(started);
      Map<String, Integer> counts = new TreeMap<>();
      outcomeOf.values().forEach(outcome -> counts.merge(outcome, 1, Integer::sum));
      System.out.printf(
          "%d of %d orders ended in %.1f s (%.1f orders/s): %s%n",
          outcomeOf.size(), orders, took, outcomeOf.size() / took, counts);
      System.exit(outcomeOf.size() == orders ? 0 : 1);
    }
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.LINGER_MS_CONFIG,
            5),
        new StringSerializer(),
        new StringSerializer());
  }

  /** orders.events from its end, before anything is sent. */
  private static KafkaConsumer<String, String> outcomes(String bootstrap) {
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new StringDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor("orders.events").stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    return consumer;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
