package dev.orderflow.order;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which process instance owns which order. The engine drops a duplicate {@code OrderPlaced} only
 * while the first is buffered (its TTL) and allows one active instance per order id; after both,
 * a redelivered record would start a second instance. The first instance to claim an order owns
 * it; any other instance learns that it is a duplicate and ends without side effects.
 */
@Service
public class OrderRegistry {

  private final JdbcClient jdbc;
  private final Clock clock;

  public OrderRegistry(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Claims the order for the instance, in a transaction of its own (the claim stands even when
   * the reservation after it fails).
   *
   * @return true if the instance owns the order (now or already), false if another one does
   */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public boolean claim(String orderId, long processInstanceKey) {
    Optional<Long> owner = owner(orderId);
    if (owner.isEmpty()) {
      try {
        jdbc.sql(
                "INSERT INTO order_instance (order_id, process_instance_key, claimed_at)"
                    + " VALUES (:id, :instance, :now)")
            .param("id", orderId)
            .param("instance", processInstanceKey)
            .param("now", Timestamp.from(clock.instant()))
            .update();
        return true;
      } catch (DuplicateKeyException raced) {
        // another instance claimed it at the same moment: the retried job will read the owner
        throw new IllegalStateException("order " + orderId + " was claimed concurrently", raced);
      }
    }
    return owner.get() == processInstanceKey;
  }

  /** The instance that owns the order, if any claimed it. */
  public Optional<Long> owner(String orderId) {
    return jdbc.sql("SELECT process_instance_key FROM order_instance WHERE order_id = :id")
        .param("id", orderId)
        .query(Long.class)
        .optional();
  }
}
