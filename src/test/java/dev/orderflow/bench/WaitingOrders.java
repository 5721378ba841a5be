package dev.orderflow.bench;

import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.awaitility.core.ConditionTimeoutException;

/**
 * (5) Puts the engine in the state of a level: orders placed and reserved that wait for their
 * payment, each with its payment timer pending. They are placed straight through the Camunda client
 * with the mode's OrderPlaced TTL (as the bridge would place them), in batches of the in-flight
 * cap, each batch waited for until the engine has completed its reservations; the same way for the
 * engine-only and the end-to-end scenario, so both measure against the same state. The engine's log
 * is what counts ({@link dev.orderflow.testing.EmbeddedEngine#jobsCompleted}), not what the
 * workers' clients saw: on a busy engine (the in-memory store, hundreds of orders waiting) an
 * answer can come after the client's deadline, and the SDK then counts no completion although the
 * job completed, which left the set-up waiting for reservations already done.
 */
final class WaitingOrders {

  private WaitingOrders() {}

  /** The level was not reached within the time allowed: how far the set-up got. */
  static final class NotReached extends Exception {
    final int level;
    final long reached;
    final Duration budget;

    NotReached(int level, long reached, Duration budget) {
      super(level + " waiting orders not reached in " + budget + " (" + reached + " set up)");
      this.level = level;
      this.reached = reached;
      this.budget = budget;
    }
  }

  /**
   * Places {@code level} orders and waits until they are reserved.
   *
   * @param reserved how many reserve-inventory jobs the engine has completed so far
   * @param timeout how long the whole set-up may take
   * @return how long it took, in nanoseconds
   * @throws NotReached if the set-up took longer than {@code timeout}
   */
  static long setUp(
      CamundaClient client,
      TtlMode mode,
      int level,
      int batch,
      String prefix,
      LongSupplier reserved,
      Duration timeout)
      throws NotReached {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    long base = reserved.getAsLong();
    for (int placed = 0; placed < level; ) {
      int size = Math.min(batch, level - placed);
      CompletableFuture<?>[] publishes = new CompletableFuture<?>[size];
      for (int i = 0; i < size; i++) {
        publishes[i] =
            OrderMessages.orderPlaced(client, prefix + "-" + (placed + i), mode)
                .toCompletableFuture();
      }
      CompletableFuture.allOf(publishes).join();
      placed += size;
      long target = base + placed;
      try {
        // in this thread: the count reads the engine's log, which closes once this gives up
        await("reservations of " + placed + " waiting orders")
            .pollInSameThread()
            .atMost(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(5))
            .until(() -> reserved.getAsLong() >= target);
      } catch (ConditionTimeoutException e) {
        throw new NotReached(level, reserved.getAsLong() - base, timeout);
      }
    }
    return System.nanoTime() - start;
  }
}
