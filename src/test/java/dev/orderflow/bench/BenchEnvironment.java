package dev.orderflow.bench;

import static org.awaitility.Awaitility.await;

import dev.orderflow.OrderflowApplication;
import dev.orderflow.testing.EmbeddedEngine;
import dev.orderflow.testing.EmbeddedEngineInitializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * What the scenarios share: one embedded KRaft broker for the whole run (the application's topics
 * are reused, every scenario uses order ids of its own), and the ways to boot the application, to
 * make a producer as the application's and to read the heap.
 */
final class BenchEnvironment implements AutoCloseable {

  static final int PARTITIONS = 3;

  private final EmbeddedKafkaKraftBroker kafka;

  BenchEnvironment() {
    kafka = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
    kafka.afterPropertiesSet();
    createApplicationTopics();
  }

  /**
   * Creates the application's topics (as its {@code orderflow.kafka.create-topics} would, with its
   * default partition count) and waits for their leaders, so that no scenario writes to a partition
   * that has none yet.
   */
  private void createApplicationTopics() {
    List<String> topics = new ArrayList<>();
    for (String topic : List.of("orders.placed", "payments.captured")) {
      topics.add(topic);
      topics.add(topic + ".DLT");
    }
    topics.add("orders.events");
    try (Admin admin = admin()) {
      admin
          .createTopics(topics.stream().map(t -> new NewTopic(t, PARTITIONS, (short) 1)).toList())
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("could not create the application's topics", e);
    }
    awaitLeaders();
  }

  /** Waits until every partition of every topic on the broker has a leader. */
  void awaitLeaders() {
    try (Admin admin = admin()) {
      await("leaders of every topic's partitions")
          .atMost(Duration.ofSeconds(30))
          // a topic just created can be listed before it can be described: ask again
          .ignoreExceptions()
          .pollInterval(Duration.ofMillis(50))
          .until(
              () ->
                  admin
                      .describeTopics(admin.listTopics().names().get(10, TimeUnit.SECONDS))
                      .allTopicNames()
                      .get(10, TimeUnit.SECONDS)
                      .values()
                      .stream()
                      .flatMap(d -> d.partitions().stream())
                      .allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
    }
  }

  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
  }

  String bootstrapServers() {
    return kafka.getBrokersAsString();
  }

  /**
   * Boots the application (profile {@code bench}: the defaults of application.yaml, an in-memory
   * database, seeded stock) against this broker and the engine, with the mode's TTLs and the
   * bridge's in-flight cap. The properties go first, before application.yaml.
   */
  ConfigurableApplicationContext startApplication(
      EmbeddedEngine engine, TtlMode mode, int maxInFlight) {
    return startApplication(engine, mode, maxInFlight, Map.of());
  }

  /** As {@link #startApplication(EmbeddedEngine, TtlMode, int)}, with more properties. */
  ConfigurableApplicationContext startApplication(
      EmbeddedEngine engine, TtlMode mode, int maxInFlight, Map<String, Object> more) {
    Map<String, Object> properties =
        new LinkedHashMap<>(EmbeddedEngineInitializer.clientProperties(engine));
    properties.put("spring.kafka.bootstrap-servers", bootstrapServers());
    properties.put("orderflow.inbound.max-in-flight", String.valueOf(maxInFlight));
    properties.putAll(mode.applicationProperties());
    properties.putAll(more);
    ConfigurableApplicationContext app =
        new SpringApplicationBuilder(OrderflowApplication.class)
            .profiles("bench")
            .initializers(
                context ->
                    context
                        .getEnvironment()
                        .getPropertySources()
                        .addFirst(new MapPropertySource("orderflowBench", properties)))
            .run();
    awaitLeaders(); // the topics the application created at start-up
    return app;
  }

  /** A producer with the application's producer settings (acks=all, idempotent). */
  KafkaProducer<String, byte[]> producer() {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  /** Heap in use after a full collection, in MiB. */
  static long heapUsedMb() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    kafka.destroy();
  }
}
