package dev.orderflow.dev;

import dev.orderflow.testing.OrderJson;
import dev.orderflow.testing.OrderflowKafka;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Plays the shipping service, which Orderflow does not own: once an order is confirmed, it puts
 * {@code ShipmentDispatched} on {@code shipments.dispatched} and then {@code ShipmentDelivered} on
 * {@code shipments.delivered}. Most parcels keep the tracking SLAs; per ten orders one is
 * dispatched late and one delivered late, well after their SLA counted from the order's placement.
 * The demo driver calls {@link #sendDue} on every turn of its poll loop: nothing here waits.
 */
final class SimulatedShipping {

  /** How the shipping service treats an order's parcel. */
  enum Pace {
    ON_TIME,
    LATE_DISPATCH,
    LATE_DELIVERY
  }

  /** How far past an SLA a late event comes, and how long a parcel takes on time. */
  private static final Duration LATE_BY = Duration.ofSeconds(8);

  private static final Duration IN_TRANSIT = Duration.ofSeconds(2);

  private record Due(long atNanos, String topic, String orderId, String payload) {}

  private final Duration dispatchSla;
  private final Duration deliverySla;
  private final PriorityQueue<Due> due =
      new PriorityQueue<>(Comparator.comparingLong(Due::atNanos));
  private final Map<String, Pace> shipped = new HashMap<>();

  SimulatedShipping(Duration dispatchSla, Duration deliverySla) {
    this.dispatchSla = dispatchSla;
    this.deliverySla = deliverySla;
  }

  /** Per ten orders: the fifth is dispatched late, the seventh delivered late. */
  static Pace paceFor(int i) {
    return switch (i % 10) {
      case 5 -> Pace.LATE_DISPATCH;
      case 7 -> Pace.LATE_DELIVERY;
      default -> Pace.ON_TIME;
    };
  }

  /** Schedules the confirmed order's dispatch and delivery (once per order). */
  void confirmed(String orderId, Pace pace, long placedAtNanos) {
    if (shipped.putIfAbsent(orderId, pace) != null) {
      return;
    }
    long now = System.nanoTime();
    long dispatchAt =
        pace == Pace.LATE_DISPATCH ? placedAtNanos + dispatchSla.plus(LATE_BY).toNanos() : now;
    long deliverAt =
        pace == Pace.LATE_DELIVERY
            ? placedAtNanos + deliverySla.plus(LATE_BY).toNanos()
            : dispatchAt + IN_TRANSIT.toNanos();
    due.add(
        new Due(
            dispatchAt, "shipments.dispatched", orderId, OrderJson.shipmentDispatched(orderId)));
    due.add(
        new Due(deliverAt, "shipments.delivered", orderId, OrderJson.shipmentDelivered(orderId)));
  }

  /** Sends the events whose time has come. */
  void sendDue(OrderflowKafka kafka) {
    long now = System.nanoTime();
    while (!due.isEmpty() && due.peek().atNanos() <= now) {
      Due next = due.poll();
      kafka.send(next.topic(), next.orderId(), next.payload());
    }
  }

  /** Whether every scheduled event was sent. */
  boolean idle() {
    return due.isEmpty();
  }

  /** The orders shipped so far, with their pace. */
  Map<String, Pace> shipped() {
    return shipped;
  }
}
