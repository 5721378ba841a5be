package dev.orderflow.kafka;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * Health of the inbound bridge ({@code /actuator/health/inboundBridge}): {@code DEGRADED} from the
 * moment the engine refuses a message until it accepts again (meanwhile records wait in Kafka,
 * uncommitted), and from the moment a dead letter could not be written to a dead-letter topic until
 * one is written to it again (meanwhile poison records for that topic are skipped, logged with
 * their coordinates).
 */
@Component("inboundBridgeHealthIndicator")
public class BridgeHealth implements HealthIndicator {

  public static final Status DEGRADED =
      new Status(
          "DEGRADED",
          "the engine refuses messages (records wait in Kafka), or a dead-letter topic cannot be"
              + " written (poison records are skipped)");

  private record Failure(Instant since, String reason) {
    @Override
    public String toString() {
      return "since " + since + ": " + reason;
    }
  }

  private final Clock clock;
  private final AtomicReference<Failure> refusal = new AtomicReference<>();
  private final Map<String, Failure> unwritableDeadLetterTopics = new ConcurrentSkipListMap<>();

  public BridgeHealth(Clock clock) {
    this.clock = clock;
  }

  void refused(Throwable reason) {
    refusal.compareAndSet(null, new Failure(clock.instant(), String.valueOf(reason.getMessage())));
  }

  void accepted() {
    refusal.set(null);
  }

  void deadLetterFailed(String topic, String reason) {
    unwritableDeadLetterTopics.putIfAbsent(topic, new Failure(clock.instant(), reason));
  }

  void deadLetterWritten(String topic) {
    unwritableDeadLetterTopics.remove(topic);
  }

  @Override
  public Health health() {
    Failure current = refusal.get();
    if (current == null && unwritableDeadLetterTopics.isEmpty()) {
      return Health.up().build();
    }
    Health.Builder health = Health.status(DEGRADED);
    if (current != null) {
      health.withDetail("since", current.since().toString()).withDetail("reason", current.reason());
    }
    if (!unwritableDeadLetterTopics.isEmpty()) {
      health.withDetail(
          "deadLetterTopic",
          unwritableDeadLetterTopics.entrySet().stream()
              .map(e -> e.getKey() + " cannot be written " + e.getValue())
              .collect(Collectors.joining("; ")));
    }
    return health.build();
  }
}
