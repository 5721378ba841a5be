package dev.orderflow.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A closed loop of orders: at most {@code inFlight} started and not yet done; a new order starts
 * when one is done. The scenario says how to start an order and tells the loop when one is done
 * (and, where it measures latency itself, how long it took).
 */
final class ClosedLoop {

  /** One round's outcome: how many orders, how long from the first start to the last done. */
  record Round(int orders, long nanos, double[] latenciesMs) {

    double rate() {
      return Stats.rate(orders, nanos);
    }

    double seconds() {
      return nanos / 1e9;
    }
  }

  private final int inFlight;
  private final Semaphore permits;
  private final Map<String, Long> startedNanos = new ConcurrentHashMap<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final AtomicLong lastDoneNanos = new AtomicLong();
  private volatile CountDownLatch remaining = new CountDownLatch(0);
  private volatile double[] latencies = new double[0];
  private volatile Map<String, Integer> index = Map.of();

  ClosedLoop(int inFlight) {
    this.inFlight = inFlight;
    this.permits = new Semaphore(inFlight);
  }

  /**
   * Runs one round over these orders and waits until every one is done.
   *
   * @param start starts an order; must not block for long (it holds the loop)
   * @throws TimeoutException when the round takes longer than {@code timeout}; the message says how
   *     many orders were still open
   */
  Round run(List<String> orderIds, Consumer<String> start, Duration timeout)
      throws TimeoutException, InterruptedException {
    Map<String, Integer> positions = new ConcurrentHashMap<>();
    for (int i = 0; i < orderIds.size(); i++) {
      positions.put(orderIds.get(i), i);
    }
    index = positions;
    latencies = new double[orderIds.size()];
    remaining = new CountDownLatch(orderIds.size());
    long deadline = System.nanoTime() + timeout.toNanos();
    long first = System.nanoTime();
    for (String orderId : orderIds) {
      long left = deadline - System.nanoTime();
      if (!permits.tryAcquire(Math.max(0, left), TimeUnit.NANOSECONDS)) {
        throw timeout(timeout, orderIds.size());
      }
      rethrow();
      startedNanos.put(orderId, System.nanoTime());
      try {
        start.accept(orderId);
      } catch (RuntimeException e) {
        failed(
            new IllegalStateException(
                "could not start order " + orderId + ": " + e.getMessage(), e));
        rethrow();
      }
    }
    if (!remaining.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
      rethrow();
      throw timeout(timeout, orderIds.size());
    }
    rethrow();
    permits.drainPermits();
    permits.release(inFlight);
    return new Round(orderIds.size(), lastDoneNanos.get() - first, latencies.clone());
  }

  /** The order is done; its latency is the time since the loop started it. */
  void done(String orderId) {
    Long started = startedNanos.get(orderId);
    if (started != null) {
      done(orderId, (System.nanoTime() - started) / 1e6);
    }
  }

  /**
   * The order is done, with a latency the scenario measured itself. An order that is not open (a
   * second outcome, or an order of another round) is ignored here: the scenarios count outcomes per
   * order themselves.
   */
  void done(String orderId, double latencyMs) {
    if (startedNanos.remove(orderId) == null) {
      return;
    }
    Integer position = index.get(orderId);
    if (position != null) {
      latencies[position] = latencyMs;
    }
    lastDoneNanos.accumulateAndGet(System.nanoTime(), Math::max);
    permits.release();
    remaining.countDown();
  }

  /** An order failed for good: the round stops with this failure. */
  void failed(Throwable cause) {
    failure.compareAndSet(null, cause);
    // wake the loop: it finds the failure
    long count = remaining.getCount();
    for (long i = 0; i < count; i++) {
      remaining.countDown();
    }
    permits.release(inFlight);
  }

  /** Orders started and not done yet, e.g. for a timeout message. */
  List<String> open() {
    return new ArrayList<>(startedNanos.keySet());
  }

  private void rethrow() {
    Throwable t = failure.get();
    if (t != null) {
      throw new IllegalStateException(t.getMessage(), t);
    }
  }

  private TimeoutException timeout(Duration timeout, int orders) {
    List<String> open = open();
    return new TimeoutException(
        "round of "
            + orders
            + " orders not done within "
            + timeout
            + ": "
            + open.size()
            + " open, e.g. "
            + open.stream().limit(3).toList());
  }
}
