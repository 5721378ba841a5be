package dev.orderflow.config;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A table of which process instance owns which order ({@code order_id} primary key, {@code
 * process_instance_key}, {@code claimed_at}): the first instance to claim an order owns it for
 * good. The registries of the order and the tracking process each keep one; their callers decide
 * the transaction.
 */
public final class InstanceClaims {

  private final JdbcClient jdbc;
  private final Clock clock;
  private final String table;

  public InstanceClaims(JdbcClient jdbc, Clock clock, String table) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.table = table;
  }

  /**
   * Claims the order for the instance.
   *
   * @return true if the instance owns the order (now or already), false if another one does
   * @throws IllegalStateException if another instance claimed it at the same moment: a retried job
   *     reads the owner
   */
  public boolean claim(String orderId, long processInstanceKey) {
    Optional<Long> owner = owner(orderId);
    if (owner.isEmpty()) {
      try {
        jdbc.sql(
                "INSERT INTO "
                    + table
                    + " (order_id, process_instance_key, claimed_at)"
                    + " VALUES (:id, :instance, :now)")
            .param("id", orderId)
            .param("instance", processInstanceKey)
            .param("now", Timestamp.from(clock.instant()))
            .update();
        return true;
      } catch (DuplicateKeyException raced) {
        throw new IllegalStateException(
            "order " + orderId + " was claimed concurrently (" + table + ")", raced);
      }
    }
    return owner.get() == processInstanceKey;
  }

  /** The instance that owns the order, if any claimed it. */
  public Optional<Long> owner(String orderId) {
    return jdbc.sql("SELECT process_instance_key FROM " + table + " WHERE order_id = :id")
        .param("id", orderId)
        .query(Long.class)
        .optional();
  }
}
