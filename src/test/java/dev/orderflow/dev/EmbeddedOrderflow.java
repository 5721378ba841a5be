package dev.orderflow.dev;

import dev.orderflow.OrderflowApplication;
import dev.orderflow.inventory.InventoryService;
import dev.orderflow.testing.EmbeddedEngine;
import dev.orderflow.testing.EmbeddedEngineInitializer;
import dev.orderflow.testing.UserTasks;
import dev.orderflow.tracking.TrackingProperties;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Exit;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * README command 1: {@code ./mvnw spring-boot:test-run}. Starts an embedded Kafka broker (KRaft)
 * and the embedded Zeebe engine (RocksDB store), runs the application against both over their real
 * protocols (profile {@code embedded}), then drives the demo and prints its summary.
 *
 * <p>Arguments ({@code -Dspring-boot.run.arguments="..."}): {@code --demo.orders=N} (default 20),
 * {@code --demo.keep-running} to keep serving after the demo, {@code --demo.kafka-port} (9092) and
 * {@code --demo.engine-port} (26500).
 */
public final class EmbeddedOrderflow {

  private EmbeddedOrderflow() {}

  public static void main(String[] args) throws InterruptedException {
    long started = System.nanoTime();
    Map<String, String> options = DemoOptions.parse(args);
    int kafkaPort = Integer.parseInt(options.getOrDefault("demo.kafka-port", "9092"));
    int enginePort = Integer.parseInt(options.getOrDefault("demo.engine-port", "26500"));

    // Kafka's test kit deletes the broker's directories in a JVM shutdown hook of its own, which
    // would run at the same time as ours and pull the broker from under the application while it
    // stops (its last commit then waits for a coordinator that is gone): run those hooks last.
    Exit.setShutdownHookAdder((name, hook) -> KAFKA_HOOKS.add(hook));
    EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 3);
    // KRaft: a fixed port is set through the listeners (kafkaPorts only applies to ZooKeeper mode)
    kafka.brokerProperty(
        "listeners", "EXTERNAL://localhost:" + kafkaPort + ",CONTROLLER://localhost:0");
    runOrExit("the embedded Kafka broker on port " + kafkaPort, kafka::afterPropertiesSet);
    EmbeddedEngine engine =
        startOrExit(
            "the embedded engine on port " + enginePort, () -> EmbeddedEngine.start(enginePort));

    Map<String, Object> properties =
        new HashMap<>(EmbeddedEngineInitializer.clientProperties(engine));
    properties.put("spring.kafka.bootstrap-servers", kafka.getBrokersAsString());
    SpringApplication application = new SpringApplication(OrderflowApplication.class);
    application.setAdditionalProfiles("embedded");
    // One shutdown hook, ours, closes the application first and only then the engine and the
    // broker it still talks to while it stops (two hooks would run at once, and the broker would
    // go away under the bridge's last commit).
    application.setRegisterShutdownHook(false);
    // ahead of application.yaml, whose defaults name localhost:9092 and :26500
    application.addInitializers(
        context ->
            context
                .getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource("embedded-infrastructure", properties)));
    ConfigurableApplicationContext context =
        startOrExit("the application", () -> application.run(args));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(context, engine, kafka)));
    Duration ready = Duration.ofNanos(System.nanoTime() - started);

    Environment env = context.getEnvironment();
    System.out.printf(
        "%nOrderflow is ready in %.1f s: Kafka at %s, Zeebe gateway at %s, app at http://localhost:%s/actuator/health%n",
        ready.toMillis() / 1000.0,
        kafka.getBrokersAsString(),
        engine.grpcAddress(),
        env.getProperty("local.server.port"));

    boolean ok = true;
    try {
      int orders = env.getProperty("demo.orders", Integer.class, 20);
      if (orders > 0) {
        InventoryService inventory = context.getBean(InventoryService.class);
        DemoDriver driver =
            new DemoDriver(
                kafka.getBrokersAsString(),
                env.getRequiredProperty("orderflow.payment-timeout", Duration.class),
                context.getBean(TrackingProperties.class).sla(),
                new UserTasks(engine),
                inventory::restock,
                () -> TrackingCensus.of(engine));
        ok = driver.run(orders);
      }
      if (env.containsProperty("demo.keep-running")) {
        System.out.println("Serving until interrupted (Ctrl+C).");
        new CountDownLatch(1).await();
      }
    } finally {
      shutdown(context, engine, kafka);
    }
    System.exit(ok ? 0 : 1);
  }

  private static final AtomicBoolean SHUT_DOWN = new AtomicBoolean();
  private static final List<Runnable> KAFKA_HOOKS = new CopyOnWriteArrayList<>();

  /** Closes the application, then the engine and the broker; once, whoever calls first. */
  /**
   * Runs a start-up step; if it fails, says what failed and exits with code 1. Without this the
   * broker's non-daemon threads would keep a JVM whose main thread died serving nothing.
   */
  private static <T> T startOrExit(String what, Supplier<T> step) {
    try {
      return step.get();
    } catch (RuntimeException e) {
      System.err.printf("%nOrderflow could not start %s: %s%n", what, e);
      e.printStackTrace();
      System.exit(1);
      throw e; // not reached
    }
  }

  private static void runOrExit(String what, Runnable step) {
    startOrExit(
        what,
        () -> {
          step.run();
          return null;
        });
  }

  private static void shutdown(
      ConfigurableApplicationContext context,
      EmbeddedEngine engine,
      EmbeddedKafkaKraftBroker kafka) {
    if (!SHUT_DOWN.compareAndSet(false, true)) {
      return;
    }
    long started = System.nanoTime();
    context.close();
    System.out.printf(
        "Orderflow stopped in %.1f s%n", (System.nanoTime() - started) / 1_000_000_000.0);
    engine.close();
    kafka.destroy();
    KAFKA_HOOKS.forEach(Runnable::run);
  }
}
