package dev.orderflow.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.order.OrderProcess;
import dev.orderflow.testing.OrderJson;
import dev.orderflow.testing.OrderflowKafka;
import dev.orderflow.testing.UserTasks;
import dev.orderflow.tracking.Milestone;
import dev.orderflow.tracking.TrackingProperties;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Plays the shop, the payment service, the order desk and the shipping service: places orders on
 * {@code orders.placed}, pays most of them on {@code payments.captured} (some with the wrong
 * amount), leaves some unpaid (they time out), asks too much of a SKU for some (stock shortage),
 * handles the resulting user tasks the way a person in Tasklist would, ships every confirmed order
 * ({@link SimulatedShipping}, some parcels late), and follows {@code orders.events} until every
 * order has its outcome and {@code tracking.events} / {@code tracking.warnings} until passive
 * tracking has had its say: every order's tracking ends with one event, and then the engine must
 * hold no tracking instance of a demo order ({@link TrackingCensus}).
 */
final class DemoDriver {

  /**
   * What happens to a demo order (or, for {@link #UNKNOWN_ORDER}, a payment whose order is never
   * placed), and the events it must end with on orders.events: its outcome, and a refund for every
   * payment it does not apply.
   */
  enum Scenario {
    PAID("paid", "OrderConfirmed"),
    PAID_TWICE("paid twice", "OrderConfirmed", "RefundRequested"),
    UNPAID("unpaid, timed out", "OrderTimedOut"),
    PAID_LATE("paid after its window", "OrderTimedOut", "RefundRequested"),
    SHORTAGE_REJECTED("shortage, desk rejects", "OrderRejected"),
    SHORTAGE_RETRIED("shortage, desk restocks and retries", "OrderConfirmed"),
    PAYMENT_ACCEPTED("wrong amount, desk accepts", "OrderConfirmed"),
    PAYMENT_REFUNDED("wrong amount, desk refunds", "RefundRequested"),
    UNKNOWN_ORDER("payment for an order never placed", "RefundRequested");

    final String description;
    final List<String> events;

    Scenario(String description, String... events) {
      this.description = description;
      this.events = List.of(events);
    }

    /**
     * What may end the order's tracking: its delivery if it is confirmed; otherwise any of its
     * events, whichever tracking sees first (a late payment's refund may come before the order's
     * OrderTimedOut: both say the order will not ship).
     */
    Set<String> trackingEnds() {
      return outcome().equals("OrderConfirmed") ? Set.of(DELIVERED) : Set.copyOf(events);
    }

    /** The first event: the order's outcome. */
    String outcome() {
      return events.getFirst();
    }

    boolean shipped() {
      return outcome().equals("OrderConfirmed");
    }
  }

  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(3);

  /** How long the demo waits once nothing moves any more, past its base deadline. */
  private static final Duration IDLE_LIMIT = Duration.ofMinutes(1);

  private static final String SHORT_SKU = "SKU-LAMP";
  private static final String ORDERS_EVENTS = "orders.events";
  private static final String TRACKING_EVENTS = "tracking.events";
  private static final String TRACKING_WARNINGS = "tracking.warnings";

  /** How each order's tracking ended, besides an outcome's type. */
  private static final String DELIVERED = "delivered";

  private static final String HORIZON = "horizon";

  /** How long the demo gives the engine to end the last tracking instances after their events. */
  private static final Duration CENSUS_GRACE = Duration.ofSeconds(10);

  /** How long after the last SLA can have elapsed the demo still waits for tracking's warnings. */
  private static final Duration TRACKING_GRACE = Duration.ofSeconds(20);

  private final String bootstrapServers;
  private final Duration paymentTimeout;
  private final TrackingProperties.Sla sla;
  private final UserTasks tasklist;
  private final Restock restock;
  private final Supplier<TrackingCensus> census;
  private final ObjectMapper json = new ObjectMapper();

  /** How the desk replenishes stock before retrying (in real life: a warehouse system). */
  interface Restock {
    void add(String sku, int quantity);
  }

  DemoDriver(
      String bootstrapServers,
      Duration paymentTimeout,
      TrackingProperties.Sla sla,
      UserTasks tasklist,
      Restock restock,
      Supplier<TrackingCensus> census) {
    this.bootstrapServers = bootstrapServers;
    this.paymentTimeout = paymentTimeout;
    this.sla = sla;
    this.tasklist = tasklist;
    this.restock = restock;
    this.census = census;
  }

  /** A demo order: what happens to it, how it is shipped if confirmed, and when it was placed. */
  private record Order(Scenario scenario, SimulatedShipping.Pace pace, long placedAtNanos) {}

  /** What passive tracking published for the demo's orders. */
  private static final class Tracked {
    final Set<String> summaries = new HashSet<>();

    /**
     * How each order's tracking ended: {@code delivered} (FulfilmentTracked), or the outcome's type
     * or {@code horizon} (TrackingEnded); an order with several end events is a bug.
     */
    final Map<String, String> endedBy = new HashMap<>();

    final Map<String, Integer> endEvents = new HashMap<>();

    /** Warning event ids by milestone; an id seen twice (a retried job) counts once. */
    final Map<String, Set<String>> warnings = new TreeMap<>();

    int warningCount() {
      return warnings.values().stream().mapToInt(Set::size).sum();
    }
  }

  /** Runs the demo; true if every order ended as planned and every shipped order was tracked. */
  boolean run(int orders) {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Map<String, Scenario> plan = new HashMap<>();
    Map<String, Order> demo = new HashMap<>();
    try (OrderflowKafka kafka = new OrderflowKafka(bootstrapServers)) {
      // keyed by order id, as a shop and a payment service would send them
      for (int i = 1; i <= orders; i++) {
        String orderId = "demo-" + run + "-" + i;
        Scenario scenario = scenarioFor(i);
        plan.put(orderId, scenario);
        demo.put(orderId, new Order(scenario, SimulatedShipping.paceFor(i), System.nanoTime()));
        send(kafka, orderId, scenario);
        if (i % 10 == 0) {
          // per ten, the payment service also captures a payment for an order nobody placed
          String unknown = "demo-" + run + "-unknown-" + i / 10;
          plan.put(unknown, Scenario.UNKNOWN_ORDER);
          demo.put(
              unknown,
              new Order(Scenario.UNKNOWN_ORDER, SimulatedShipping.paceFor(i), System.nanoTime()));
          send(kafka, unknown, Scenario.UNKNOWN_ORDER);
        }
      }
      System.out.printf(
          "Demo: placed %d orders, and paid for orders nobody placed, %s; unpaid orders time out"
              + " after %s; payments no order applies are refunded; the order desk handles"
              + " shortages and wrong amounts as Tasklist would; the shipping service ships"
              + " confirmed orders, per ten one dispatched and one delivered late (tracking SLAs:"
              + " payment %s, dispatch %s, delivery %s).%n",
          orders, count(plan), paymentTimeout, sla.payment(), sla.dispatch(), sla.delivery());
      SimulatedShipping shipping = new SimulatedShipping(sla.dispatch(), sla.delivery());
      Tracked tracked = new Tracked();
      Map<String, List<String>> outcomes = follow(plan, demo, kafka, shipping, tracked);
      boolean ordersAsPlanned = summarize(plan, outcomes);
      boolean trackedAsPlanned = summarizeTracking(demo, shipping, tracked);
      boolean nothingLeft = summarizeEngine(plan, awaitCensus(plan));
      return ordersAsPlanned && trackedAsPlanned && nothingLeft;
    }
  }

  /**
   * Per ten orders: three paid, one paid twice, one unpaid, one paid after its window, and one of
   * each manual exception.
   */
  private static Scenario scenarioFor(int i) {
    return switch (i % 10) {
      case 0 -> Scenario.SHORTAGE_REJECTED;
      case 3 -> Scenario.PAYMENT_REFUNDED;
      case 4 -> Scenario.UNPAID;
      case 6 -> Scenario.SHORTAGE_RETRIED;
      case 7 -> Scenario.PAID_TWICE;
      case 8 -> Scenario.PAID_LATE;
      case 9 -> Scenario.PAYMENT_ACCEPTED;
      default -> Scenario.PAID;
    };
  }

  /** The shop's and the payment service's records for an order of this scenario. */
  private void send(OrderflowKafka kafka, String orderId, Scenario scenario) {
    String payment = "payments.captured";
    switch (scenario) {
      case UNPAID, SHORTAGE_REJECTED ->
          kafka.send("orders.placed", orderId, placed(orderId, scenario));
      case PAYMENT_ACCEPTED, PAYMENT_REFUNDED -> {
        kafka.send("orders.placed", orderId, placed(orderId, scenario));
        kafka.send(
            payment, orderId, OrderJson.paymentCaptured(orderId, "payment-" + orderId, "30.00"));
      }
      case PAID_TWICE -> {
        kafka.send("orders.placed", orderId, placed(orderId, scenario));
        kafka.send(payment, orderId, OrderJson.paymentCaptured(orderId));
        kafka.send(
            payment,
            orderId,
            OrderJson.payment(orderId, "payment-again-" + orderId, "psp-again-" + orderId));
      }
      case PAID_LATE -> {
        // placed a window and five seconds ago (business time), paid now: too late
        Instant placedAt = Instant.now().minus(paymentTimeout).minusSeconds(5);
        kafka.send(
            "orders.placed", orderId, OrderJson.orderPlacedAt(orderId, "SKU-BOOK", 1, placedAt));
        kafka.send(payment, orderId, OrderJson.paymentCaptured(orderId));
      }
      case UNKNOWN_ORDER -> kafka.send(payment, orderId, OrderJson.paymentCaptured(orderId));
      default -> {
        kafka.send("orders.placed", orderId, placed(orderId, scenario));
        kafka.send(payment, orderId, OrderJson.paymentCaptured(orderId));
      }
    }
  }

  private static String placed(String orderId, Scenario scenario) {
    return switch (scenario) {
      case SHORTAGE_REJECTED -> OrderJson.orderPlaced(orderId, "SKU-BOOK", 1_000_000);
      case SHORTAGE_RETRIED -> OrderJson.orderPlaced(orderId, SHORT_SKU, 8);
      default -> OrderJson.orderPlaced(orderId, "SKU-BOOK", 1);
    };
  }

  /**
   * Follows orders.events from the beginning until every order has ended, and tracking's topics
   * until every shipped order is tracked and the warnings are in, or time is up; meanwhile works
   * the order desk's task list and ships confirmed orders.
   */
  private Map<String, List<String>> follow(
      Map<String, Scenario> plan,
      Map<String, Order> demo,
      OrderflowKafka kafka,
      SimulatedShipping shipping,
      Tracked tracked) {
    long lastPlaced = demo.values().stream().mapToLong(Order::placedAtNanos).max().orElse(0);
    // by then every SLA timer of the demo's orders has fired
    long trackingSettled = lastPlaced + sla.delivery().plus(TRACKING_GRACE).toNanos();
    long deadline =
        Math.max(System.nanoTime() + paymentTimeout.plusSeconds(90).toNanos(), trackingSettled);
    int expectedWarnings =
        expectedWarnings(demo).values().stream().mapToInt(Integer::intValue).sum();
    Map<String, List<String>> events = new HashMap<>();
    Set<Long> handled = new HashSet<>();
    try (KafkaConsumer<String, String> consumer = outcomeReader()) {
      long nextProgress = 0;
      long lastChange = System.nanoTime();
      int seenChanges = 0;
      // a thousand orders take longer than the base deadline: go on while anything still moves
      while (System.nanoTime() < deadline
          || System.nanoTime() < lastChange + IDLE_LIMIT.toNanos()) {
        int changes =
            events.values().stream().mapToInt(List::size).sum()
                + handled.size()
                + tracked.endedBy.size()
                + tracked.summaries.size()
                + tracked.warningCount()
                + shipping.shipped().size();
        if (changes != seenChanges) {
          seenChanges = changes;
          lastChange = System.nanoTime();
        }
        boolean ordersEnded =
            plan.entrySet().stream()
                .allMatch(
                    e ->
                        events.getOrDefault(e.getKey(), List.of()).size()
                            >= e.getValue().events.size());
        boolean shipmentsTracked =
            shipping.idle() && tracked.summaries.containsAll(shipping.shipped().keySet());
        boolean trackingEnded = tracked.endedBy.keySet().containsAll(plan.keySet());
        if (ordersEnded
            && shipmentsTracked
            && trackingEnded
            && (tracked.warningCount() >= expectedWarnings
                || System.nanoTime() >= trackingSettled)) {
          break;
        }
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          Order order = demo.get(record.key());
          if (order == null) {
            continue; // not ours
          }
          JsonNode event = read(record.value());
          switch (record.topic()) {
            case ORDERS_EVENTS -> {
              String type = event.path("type").asText();
              events.computeIfAbsent(record.key(), k -> new java.util.ArrayList<>()).add(type);
              if (type.equals("OrderConfirmed")) {
                shipping.confirmed(record.key(), order.pace(), order.placedAtNanos());
              }
            }
            case TRACKING_EVENTS -> {
              tracked.endEvents.merge(record.key(), 1, Integer::sum);
              if (event.path("type").asText().equals("FulfilmentTracked")) {
                tracked.summaries.add(record.key());
                tracked.endedBy.put(record.key(), DELIVERED);
              } else {
                String endedBy = event.path("endedBy").asText();
                tracked.endedBy.put(
                    record.key(),
                    endedBy.equals("outcome") ? event.path("outcome").asText() : endedBy);
              }
            }
            case TRACKING_WARNINGS ->
                tracked
                    .warnings
                    .computeIfAbsent(event.path("milestone").asText(), m -> new TreeSet<>())
                    .add(event.path("eventId").asText());
            default -> {}
          }
        }
        shipping.sendDue(kafka);
        workTheDesk(plan, handled);
        if (System.nanoTime() >= nextProgress) {
          System.out.printf(
              "  progress: %d of %d orders ended, %d tasks handled in Tasklist;"
                  + " %d shipped, %d tracked to delivery, %d trackings ended, %d SLA warnings%n",
              events.size(),
              plan.size(),
              handled.size(),
              shipping.shipped().size(),
              tracked.summaries.size(),
              tracked.endedBy.size(),
              tracked.warningCount());
          nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
        }
      }
      // a second outcome, refund or end of tracking for an order would be a bug: read on briefly to
      // catch late duplicates
      consumer
          .poll(Duration.ofSeconds(1))
          .forEach(
              r -> {
                if (r.topic().equals(ORDERS_EVENTS) && plan.containsKey(r.key())) {
                  events
                      .computeIfAbsent(r.key(), k -> new java.util.ArrayList<>())
                      .add(read(r.value()).path("type").asText());
                }
                if (r.topic().equals(TRACKING_EVENTS) && plan.containsKey(r.key())) {
                  tracked.endEvents.merge(r.key(), 1, Integer::sum);
                }
              });
    }
    events.forEach(
        (order, seen) -> {
          if (!sameEvents(seen, plan.get(order).events)) {
            System.out.printf(
                "  WARNING: order %s has the events %s, planned %s%n",
                order, seen, plan.get(order).events);
          }
        });
    return events;
  }

  /** Completes the open tasks of demo orders as the order desk would decide them. */
  private void workTheDesk(Map<String, Scenario> plan, Set<Long> handled) {
    for (UserTasks.Task task : tasklist.open()) {
      if (handled.contains(task.elementInstanceKey())) {
        continue;
      }
      String orderId = tasklist.variable(task, OrderProcess.VAR_ORDER_ID);
      Scenario scenario = plan.get(orderId);
      if (scenario == null) {
        continue; // not ours
      }
      Map<String, Object> form =
          switch (scenario) {
            case SHORTAGE_REJECTED ->
                Map.of(
                    OrderProcess.VAR_SHORTAGE_DECISION,
                    OrderProcess.DECISION_REJECT,
                    OrderProcess.VAR_REJECTION_REASON,
                    "we cannot supply that many");
            case SHORTAGE_RETRIED -> {
              restock.add(SHORT_SKU, 10);
              yield Map.of(OrderProcess.VAR_SHORTAGE_DECISION, OrderProcess.DECISION_RETRY);
            }
            case PAYMENT_ACCEPTED ->
                Map.of(OrderProcess.VAR_PAYMENT_DECISION, OrderProcess.DECISION_ACCEPT);
            case PAYMENT_REFUNDED ->
                Map.of(
                    OrderProcess.VAR_PAYMENT_DECISION,
                    OrderProcess.DECISION_REFUND,
                    OrderProcess.VAR_REFUND_REASON,
                    "paid the wrong amount");
            default -> throw new IllegalStateException(orderId + " should have no task: " + task);
          };
      // submitted, not awaited: behind a backlog of orders the engine takes a while to get to it
      tasklist.submit(task, form);
      handled.add(task.elementInstanceKey());
      System.out.printf(
          "  order desk: %s for %s (form %s, group %s, due %s): %s%n",
          task.elementId(), orderId, task.formId(), task.candidateGroups(), task.dueDate(), form);
    }
  }

  private KafkaConsumer<String, String> outcomeReader() {
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "orderflow-demo-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer());
    consumer.subscribe(List.of(ORDERS_EVENTS, TRACKING_EVENTS, TRACKING_WARNINGS));
    return consumer;
  }

  private JsonNode read(String value) {
    try {
      return json.readTree(value);
    } catch (IOException e) {
      throw new IllegalStateException("unreadable event " + value, e);
    }
  }

  /**
   * The SLA warnings the plan leads to, by milestone: a payment that does not come before its SLA
   * (unpaid: the payment SLA falls inside the payment window, so the warning comes before the
   * timeout ends the tracking), and a dispatch or delivery that comes late. An order that is not
   * confirmed ends its tracking with its outcome, before the dispatch SLA: a rejection and a refund
   * come from the desk within seconds, the timeout after the payment window.
   */
  private static Map<String, Integer> expectedWarnings(Map<String, Order> demo) {
    Map<String, Integer> expected = new LinkedHashMap<>();
    for (Milestone milestone : Milestone.values()) {
      expected.put(milestone.id(), 0);
    }
    for (Order order : demo.values()) {
      boolean shipped = order.scenario().shipped();
      // a rejected order's tracking ends (OrderRejected) before its payment SLA; a late payment
      // and a payment for an unknown order are seen at once
      if (order.scenario() == Scenario.UNPAID) {
        expected.merge(Milestone.PAYMENT.id(), 1, Integer::sum);
      }
      if (shipped && order.pace() == SimulatedShipping.Pace.LATE_DISPATCH) {
        expected.merge(Milestone.DISPATCH.id(), 1, Integer::sum);
      }
      if (shipped && order.pace() == SimulatedShipping.Pace.LATE_DELIVERY) {
        expected.merge(Milestone.DELIVERY.id(), 1, Integer::sum);
      }
    }
    return expected;
  }

  /**
   * How the plan says each order's tracking ends: delivered if confirmed (and so shipped), else by
   * its outcome; none at the horizon. In the order the summary prints them.
   */
  private static Map<String, Integer> expectedEnds(Map<String, Order> demo) {
    Map<String, Integer> expected = new LinkedHashMap<>();
    for (String reason :
        List.of(DELIVERED, "OrderTimedOut", "OrderRejected", "RefundRequested", HORIZON)) {
      expected.put(reason, 0);
    }
    for (Order order : demo.values()) {
      String type = order.scenario().outcome();
      expected.merge(type.equals("OrderConfirmed") ? DELIVERED : type, 1, Integer::sum);
    }
    return expected;
  }

  /**
   * Tracking's part of the summary, read back from {@code tracking.events} and {@code
   * tracking.warnings}. Every shipped order must be tracked exactly once; the warnings are compared
   * with the plan but do not fail the demo: on a busy machine a parcel planned on time can miss its
   * shortened SLA.
   */
  private static boolean summarizeTracking(
      Map<String, Order> demo, SimulatedShipping shipping, Tracked tracked) {
    Map<String, Integer> expected = expectedWarnings(demo);
    int shipped = shipping.shipped().size();
    System.out.println();
    System.out.printf(
        "  tracking (shipping service: %d orders shipped, %d dispatched late, %d delivered late;"
            + " %d never shipped)%n",
        shipped,
        shipping.shipped().values().stream()
            .filter(p -> p == SimulatedShipping.Pace.LATE_DISPATCH)
            .count(),
        shipping.shipped().values().stream()
            .filter(p -> p == SimulatedShipping.Pace.LATE_DELIVERY)
            .count(),
        demo.size() - shipped);
    System.out.printf("  %-38s %-16s %5s %6s%n", "event", "milestone", "plan", "seen");
    boolean warnedAsPlanned = true;
    for (Map.Entry<String, Integer> milestone : expected.entrySet()) {
      int seen = tracked.warnings.getOrDefault(milestone.getKey(), Set.of()).size();
      warnedAsPlanned &= seen == milestone.getValue();
      System.out.printf(
          "  %-38s %-16s %5d %6d%n", "SlaBreached", milestone.getKey(), milestone.getValue(), seen);
    }
    long trackedShipped =
        shipping.shipped().keySet().stream().filter(tracked.summaries::contains).count();
    System.out.printf("  %-38s %-16s %5s %6s%n", "tracking ended with", "ended by", "plan", "seen");
    boolean endedAsPlanned = true;
    for (Map.Entry<String, Order> order : demo.entrySet()) {
      String endedBy = tracked.endedBy.get(order.getKey());
      endedAsPlanned &=
          endedBy == null || order.getValue().scenario().trackingEnds().contains(endedBy);
    }
    for (Map.Entry<String, Integer> reason : expectedEnds(demo).entrySet()) {
      long seen = tracked.endedBy.values().stream().filter(reason.getKey()::equals).count();
      System.out.printf(
          "  %-38s %-16s %5d %6d%n",
          reason.getKey().equals(DELIVERED) ? "FulfilmentTracked" : "TrackingEnded",
          reason.getKey(),
          reason.getValue(),
          seen);
    }
    System.out.println(
        "  (an order timed out and refunded ends its tracking with whichever event comes first)");
    boolean everyShipmentTracked =
        trackedShipped == shipped && tracked.summaries.size() == trackedShipped;
    long severalEnds = tracked.endEvents.values().stream().filter(n -> n > 1).count();
    endedAsPlanned &= severalEnds == 0 && tracked.endedBy.size() == demo.size();
    System.out.println(
        everyShipmentTracked
            ? "  every shipped order was tracked to its delivery"
            : "  " + (shipped - trackedShipped) + " shipped order(s) not tracked");
    System.out.println(
        endedAsPlanned
            ? "  every order's tracking ended as planned, with exactly one event"
            : "  "
                + (demo.size() - tracked.endedBy.size())
                + " order(s) without an end of tracking, "
                + severalEnds
                + " with several; the ends differ from the plan");
    System.out.println(
        warnedAsPlanned
            ? "  tracking warned exactly as planned"
            : "  the warnings differ from the plan (a busy machine can make a parcel late)");
    return everyShipmentTracked && endedAsPlanned;
  }

  /**
   * The engine's tracking instances once the demo's orders have ended. A worker publishes its end
   * event before the engine has its job's completion: give the last ones a moment to end.
   */
  private TrackingCensus awaitCensus(Map<String, Scenario> plan) {
    try {
      return Awaitility.await("the demo orders' tracking instances to end")
          .pollInSameThread()
          .pollInterval(Duration.ofMillis(200))
          .atMost(CENSUS_GRACE)
          .until(census::get, now -> activeOfDemoOrders(plan, now) == 0);
    } catch (ConditionTimeoutException stillActive) {
      return census.get(); // the summary reports them
    }
  }

  private static long activeOfDemoOrders(Map<String, Scenario> plan, TrackingCensus census) {
    return census.activeByOrder().entrySet().stream()
        .filter(e -> plan.containsKey(e.getKey()))
        .mapToInt(Map.Entry::getValue)
        .sum();
  }

  /**
   * What the engine still holds of the demo's tracking, read from its record stream: every demo
   * order has ended, so none of its tracking instances may be active.
   */
  private static boolean summarizeEngine(Map<String, Scenario> plan, TrackingCensus census) {
    long ofDemoOrders = activeOfDemoOrders(plan, census);
    System.out.printf(
        "  tracking instances in the engine: %d started, %d still active (%d of demo orders)%n",
        census.started(), census.active(), ofDemoOrders);
    if (ofDemoOrders > 0) {
      System.out.println(
          "  tracking instances of ended orders still active: "
              + census.activeByOrder().keySet().stream()
                  .filter(plan::containsKey)
                  .sorted()
                  .toList());
    }
    return ofDemoOrders == 0;
  }

  private static boolean summarize(Map<String, Scenario> plan, Map<String, List<String>> outcomes) {
    System.out.println();
    System.out.println("Demo summary");
    System.out.printf("  %-38s %-32s %5s %6s%n", "scenario", "events", "sent", "ended");
    long wrong = 0;
    for (Scenario scenario : Scenario.values()) {
      long sent = plan.values().stream().filter(s -> s == scenario).count();
      long ended =
          plan.entrySet().stream()
              .filter(e -> e.getValue() == scenario)
              .filter(e -> sameEvents(outcomes.get(e.getKey()), scenario.events))
              .count();
      wrong += sent - ended;
      System.out.printf(
          "  %-38s %-32s %5d %6d%n",
          scenario.description, String.join(" + ", scenario.events), sent, ended);
    }
    System.out.printf("  %-38s %-32s %5d %6d%n", "total", "", plan.size(), plan.size() - wrong);
    Map<String, Integer> byType = new java.util.TreeMap<>();
    outcomes.values().forEach(types -> types.forEach(type -> byType.merge(type, 1, Integer::sum)));
    System.out.println("  events on orders.events: " + byType);
    System.out.println(
        wrong == 0
            ? "  every order ended as planned: one outcome each, and every payment it did not apply"
                + " refunded once"
            : "  " + wrong + " order(s) or payment(s) did not end as planned");
    return wrong == 0;
  }

  /** The same events, in any order: an outcome and a refund are published independently. */
  private static boolean sameEvents(List<String> seen, List<String> planned) {
    return seen != null
        && seen.stream().sorted().toList().equals(planned.stream().sorted().toList());
  }

  private static Map<Scenario, Integer> count(Map<String, Scenario> plan) {
    Map<Scenario, Integer> counts = new EnumMap<>(Scenario.class);
    plan.values().forEach(s -> counts.merge(s, 1, Integer::sum));
    return counts;
  }
}
