package dev.orderflow.kafka;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * Health of the inbound bridge ({@code /actuator/health/inboundBridge}): {@code DEGRADED} from the
 * moment the engine refuses a message until it accepts again. Meanwhile records wait in Kafka,
 * uncommitted.
 */
@Component("inboundBridgeHealthIndicator")
public class BridgeHealth implements HealthIndicator {

  public static final Status DEGRADED =
      new Status("DEGRADED", "the engine refuses messages; records wait in Kafka");

  private record Refusal(Instant since, String reason) {}

  private final Clock clock;
  private final AtomicReference<Refusal> refusal = new AtomicReference<>();

  public BridgeHealth(Clock clock) {
    this.clock = clock;
  }

  void refused(Throwable reason) {
    refusal.compareAndSet(null, new Refusal(clock.instant(), String.valueOf(reason.getMessage())));
  }

  void accepted() {
    refusal.set(null);
  }

  @Override
  public Health health() {
    Refusal current = refusal.get();
    if (current == null) {
      return Health.up().build();
    }
    return Health.status(DEGRADED)
        .withDetail("since", current.since().toString())
        .withDetail("reason", current.reason())
        .build();
  }
}
