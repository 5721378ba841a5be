package dev.orderflow.tracking;

import dev.orderflow.config.InstanceClaims;
import java.time.Clock;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which tracking instance owns which order. The engine allows one active tracking instance per
 * order id, but once it has ended, a milestone message still buffered for the order (a repeat with
 * a new event id, or one that came after its milestone was in) starts a new instance. The first
 * instance to claim an order owns its tracking for good; any later one ends as a duplicate, with no
 * event.
 */
@Service
public class TrackingRegistry {

  private final InstanceClaims claims;

  public TrackingRegistry(JdbcClient jdbc, Clock clock) {
    this.claims = new InstanceClaims(jdbc, clock, "tracking_instance");
  }

  /**
   * Claims the order's tracking for the instance, in a transaction of its own.
   *
   * @return true if the instance owns the order's tracking (now or already), false if another does
   */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public boolean claim(String orderId, long processInstanceKey) {
    return claims.claim(orderId, processInstanceKey);
  }

  /** The tracking instance that owns the order, if any claimed it. */
  public Optional<Long> owner(String orderId) {
    return claims.owner(orderId);
  }
}
