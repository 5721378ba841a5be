package dev.orderflow.payment;

import java.time.Instant;

/**
 * How far the inbound bridge has taken in captured payments and placed orders. Implemented over
 * Kafka: the bridge's committed offsets against the record timestamps of the payments topic.
 */
public interface PaymentIntake {

  /**
   * Whether every payment record for this order stamped before {@code time} has been accepted by
   * the engine: the bridge's committed offset on the order's partition has passed the first record
   * stamped at or after {@code time}, or, if there is none yet, the end of the partition.
   */
  boolean takenInUpTo(String orderId, Instant time);

  /**
   * Whether every order record (OrderPlaced) on this order's partition stamped before {@code time}
   * has been accepted by the engine, as {@link #takenInUpTo} for payments: if not, the order's own
   * record may still be on its way, behind the others (a burst, a backlog).
   */
  boolean ordersTakenInUpTo(String orderId, Instant time);
}
