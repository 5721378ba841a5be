package dev.orderflow.bench;

import dev.orderflow.bench.BenchOptions.Scenario;
import dev.orderflow.kafka.KafkaOrderEvents;
import dev.orderflow.order.OrderProcess;
import dev.orderflow.testing.EmbeddedEngine;
import dev.orderflow.testing.OrderJson;
import io.camunda.client.CamundaClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * (4) End to end: the application, booted in this JVM against the embedded broker and a fresh
 * engine. The harness plays the shop and the payment service: for each order it writes OrderPlaced
 * to {@code orders.placed} and right after it PaymentCaptured to {@code payments.captured}, and it
 * reads {@code orders.events}. An order is done when its OrderConfirmed arrives; its latency is the
 * outbound record's timestamp minus the inbound OrderPlaced record's. Every event on {@code
 * orders.events} counts as an outcome of its order: each order must have exactly one.
 */
final class EndToEndScenario {

  static final String ORDERS_PLACED = "orders.placed";
  static final String PAYMENTS_CAPTURED = "payments.captured";
  static final String ORDERS_EVENTS = "orders.events";

  private final BenchEnvironment env;
  private final BenchOptions options;

  EndToEndScenario(BenchEnvironment env, BenchOptions options) {
    this.env = env;
    this.options = options;
  }

  ScenarioResult run(EmbeddedEngine.Store store, TtlMode mode, int level, Duration budget) {
    ScenarioResult.Builder result =
        new ScenarioResult.Builder(
            Scenario.E2E, BenchOptions.storeName(store), mode.name(), level, "orders/s");
    long bootStart = System.nanoTime();
    try (EmbeddedEngine engine = EmbeddedEngine.start(store);
        ConfigurableApplicationContext app =
            env.startApplication(engine, mode, options.publishInFlight());
        CamundaClient client = engine.newClient();
        KafkaProducer<String, byte[]> shop = env.producer();
        OutboundReader outbound = new OutboundReader(env.bootstrapServers())) {
      result.fact("applicationBootSeconds", (System.nanoTime() - bootStart) / 1e9);
      measure(engine, app, client, shop, outbound, store, mode, level, budget, result);
    } catch (WaitingOrders.NotReached e) {
      result.notReached(e);
    } catch (Exception e) {
      result.error(Progress.describe(e));
    }
    return result.build();
  }

  private void measure(
      EmbeddedEngine engine,
      ConfigurableApplicationContext app,
      CamundaClient client,
      KafkaProducer<String, byte[]> shop,
      OutboundReader outbound,
      EmbeddedEngine.Store store,
      TtlMode mode,
      int level,
      Duration budget,
      ScenarioResult.Builder result)
      throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    ClosedLoop loop = new ClosedLoop(options.inFlight());
    Map<String, Long> placedAt = new ConcurrentHashMap<>();
    outbound.start(
        (record, type) -> {
          Long placed = placedAt.get(record.key());
          if (placed != null && "OrderConfirmed".equals(type)) {
            loop.done(record.key(), record.timestamp() - placed);
          }
        });

    LongSupplier reserved = engine.jobsCompleted(OrderProcess.JOB_RESERVE_INVENTORY);
    long setupNanos =
        WaitingOrders.setUp(
            client, mode, level, options.inFlight(), "wait-" + run, reserved, budget);
    String label = result.key();
    Rounds.setUpDone(result, label, level, setupNanos);
    List<String> measured =
        Rounds.runOrders(
            loop,
            options,
            options.ordersOn(store),
            result,
            label,
            "e2e-" + run,
            orderId -> {
              long now = System.currentTimeMillis();
              placedAt.put(orderId, now);
              send(
                  shop,
                  loop,
                  ORDERS_PLACED,
                  orderId,
                  now,
                  OrderJson.orderPlaced(orderId, OrderMessages.SKU, 1));
              send(
                  shop,
                  loop,
                  PAYMENTS_CAPTURED,
                  orderId,
                  System.currentTimeMillis(),
                  OrderJson.paymentCaptured(orderId));
            });
    OutcomeCount.settle(
        options.settle(), () -> OutcomeCount.notExactlyOne(measured, outbound.outcomes()));
    OutcomeCount.facts(
        result, measured, outbound.outcomes(), "records on " + ORDERS_EVENTS + " per order");
    result.fact("heapAfterRunMb", BenchEnvironment.heapUsedMb());
    if (level == 0) {
      result.fact(
          EngineWork.FACT,
          EngineWork.perOrder(
              engine, measured.size() + Rounds.warmupOrders(options, options.ordersOn(store))));
    }
  }

  private static void send(
      KafkaProducer<String, byte[]> producer,
      ClosedLoop loop,
      String topic,
      String orderId,
      long timestamp,
      String json) {
    producer.send(
        new ProducerRecord<>(
            topic, null, timestamp, orderId, json.getBytes(StandardCharsets.UTF_8)),
        (metadata, e) -> {
          if (e != null) {
            loop.failed(e);
          }
        });
  }

  /** Follows orders.events from its current end, on a thread of its own. */
  static final class OutboundReader implements AutoCloseable {

    interface Listener {
      void onEvent(ConsumerRecord<String, byte[]> record, String type);
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    private Thread thread;
    private volatile boolean running = true;

    OutboundReader(String bootstrapServers) {
      consumer =
          new KafkaConsumer<>(
              Map.of(
                  ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  bootstrapServers,
                  ConsumerConfig.GROUP_ID_CONFIG,
                  "bench-outbound-" + UUID.randomUUID(),
                  ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                  "false"),
              new StringDeserializer(),
              new ByteArrayDeserializer());
    }

    /** Starts reading at the topic's current end (the application has created it by now). */
    void start(Listener listener) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(ORDERS_EVENTS, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(ORDERS_EVENTS, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position); // fix the start before the first order is sent
      thread =
          new Thread(
              () -> {
                try {
                  while (running) {
                    for (ConsumerRecord<String, byte[]> record :
                        consumer.poll(Duration.ofMillis(100))) {
                      outcomes
                          .computeIfAbsent(String.valueOf(record.key()), k -> new AtomicInteger())
                          .incrementAndGet();
                      listener.onEvent(record, header(record, KafkaOrderEvents.TYPE_HEADER));
                    }
                  }
                } catch (WakeupException e) {
                  // closing
                } finally {
                  consumer.close(Duration.ofSeconds(5));
                }
              },
              "bench-outbound-reader");
      thread.setDaemon(true);
      thread.start();
    }

    Map<String, AtomicInteger> outcomes() {
      return outcomes;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
      Header header = record.headers().lastHeader(name);
      return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
      running = false;
      if (thread == null) {
        consumer.close(Duration.ofSeconds(5));
        return;
      }
      consumer.wakeup();
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
