package dev.orderflow.order;

import dev.orderflow.config.InstanceClaims;
import java.time.Clock;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which process instance owns which order. The engine drops a duplicate {@code OrderPlaced} only
 * while the first is buffered (its TTL) and allows one active instance per order id; after both, a
 * redelivered record would start a second instance. The first instance to claim an order owns it;
 * any other instance learns that it is a duplicate and ends without side effects.
 */
@Service
public class OrderRegistry {

  private final InstanceClaims claims;

  public OrderRegistry(JdbcClient jdbc, Clock clock) {
    this.claims = new InstanceClaims(jdbc, clock, "order_instance");
  }

  /**
   * Claims the order for the instance, in a transaction of its own (the claim stands even when the
   * reservation after it fails).
   *
   * @return true if the instance owns the order (now or already), false if another one does
   */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public boolean claim(String orderId, long processInstanceKey) {
    return claims.claim(orderId, processInstanceKey);
  }

  /** The instance that owns the order, if any claimed it. */
  public Optional<Long> owner(String orderId) {
    return claims.owner(orderId);
  }
}
