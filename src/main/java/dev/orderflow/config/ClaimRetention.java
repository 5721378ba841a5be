package dev.orderflow.config;

import dev.orderflow.kafka.ModelRoutes;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Deletes claims older than {@code orderflow.claims.retention} (default P90D) from {@code
 * order_instance} and {@code tracking_instance}, every {@code orderflow.claims.cleanup-interval}
 * (PT1H), in batches of {@code batch-size}.
 *
 * <p>A claim is what makes a duplicate instance of an order (started by a redelivered or buffered
 * message) end without side effects, so it must outlive every way such an instance can still start:
 * the messages' TTLs, the payment window, and how long a tracking instance may wait (the tracking
 * horizon or, without one, the delivery SLA), each plus the longest TTL. Start-up refuses a
 * retention that is not longer. Past the retention, a redelivery of the order's first message would
 * start a new instance that finds no claim.
 *
 * <p>Safe with several instances of the application: each runs the same idempotent {@code DELETE}
 * of expired rows; when two run at once, one deletes a row and the other finds it gone.
 */
@Component
public class ClaimRetention implements SmartLifecycle {

  static final List<String> TABLES = List.of("order_instance", "tracking_instance");

  private static final Logger log = LoggerFactory.getLogger(ClaimRetention.class);

  private final JdbcClient jdbc;
  private final Clock clock;
  private final ClaimsProperties properties;
  private ScheduledExecutorService scheduler;

  @Autowired
  public ClaimRetention(
      JdbcClient jdbc,
      Clock clock,
      ClaimsProperties properties,
      ModelRoutes routes,
      Environment environment) {
    this(jdbc, clock, properties, windows(routes, environment));
  }

  ClaimRetention(
      JdbcClient jdbc, Clock clock, ClaimsProperties properties, Map<String, Duration> windows) {
    check(properties.retention(), windows);
    this.jdbc = jdbc;
    this.clock = clock;
    this.properties = properties;
  }

  /** The windows a claim must outlive, by the property that sets each. */
  private static Map<String, Duration> windows(ModelRoutes routes, Environment environment) {
    Map<String, Duration> windows = new LinkedHashMap<>();
    for (ModelRoutes.TopicRoute route : routes.routes()) {
      for (ModelRoutes.Subscription subscription : route.subscriptions()) {
        windows.put(subscription.elements().getFirst() + " messageTtl", subscription.ttl());
      }
    }
    Binder binder = Binder.get(environment);
    for (String property :
        List.of(
            "orderflow.payment-timeout",
            "orderflow.tracking.horizon",
            "orderflow.tracking.sla.delivery")) {
      binder.bind(property, Duration.class).ifBound(window -> windows.put(property, window));
    }
    return windows;
  }

  /**
   * Refuses a retention not longer than each window plus the longest of them (a message buffered
   * for its TTL when the window closes).
   */
  static void check(Duration retention, Map<String, Duration> windows) {
    Duration longest = windows.values().stream().max(Duration::compareTo).orElse(Duration.ZERO);
    windows.entrySet().stream()
        .sorted(Map.Entry.<String, Duration>comparingByValue().reversed())
        .forEach(
            entry -> {
              String property = entry.getKey();
              Duration window = entry.getValue();
              if (retention.compareTo(window.plus(longest)) <= 0) {
                throw new IllegalStateException(
                    "orderflow.claims.retention ("
                        + retention
                        + ") must be longer than "
                        + property
                        + " ("
                        + window
                        + ") plus the longest window ("
                        + longest
                        + "): a duplicate instance could start after its order's claim is deleted");
              }
            });
  }

  /**
   * Deletes the expired claims of both tables.
   *
   * @return how many this call deleted
   */
  public int cleanUp() {
    Timestamp cutoff = Timestamp.from(clock.instant().minus(properties.retention()));
    int total = 0;
    for (String table : TABLES) {
      int deleted;
      do {
        deleted =
            jdbc.sql(
                    "DELETE FROM "
                        + table
                        + " WHERE order_id IN (SELECT order_id FROM "
                        + table
                        + " WHERE claimed_at < :cutoff FETCH FIRST "
                        + properties.batchSize()
                        + " ROWS ONLY)")
                .param("cutoff", cutoff)
                .update();
        total += deleted;
      } while (deleted >= properties.batchSize());
    }
    if (total > 0) {
      log.info("Deleted {} claims older than {}", total, properties.retention());
    }
    return total;
  }

  private void cleanUpLogged() {
    try {
      cleanUp();
    } catch (RuntimeException e) {
      log.warn(
          "Could not delete expired claims; trying again in {}", properties.cleanupInterval(), e);
    }
  }

  @Override
  public void start() {
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> Thread.ofPlatform().name("claim-retention").daemon().unstarted(runnable));
    long interval = properties.cleanupInterval().toMillis();
    scheduler.scheduleWithFixedDelay(
        this::cleanUpLogged, interval, interval, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  @Override
  public boolean isRunning() {
    return scheduler != null;
  }
}
