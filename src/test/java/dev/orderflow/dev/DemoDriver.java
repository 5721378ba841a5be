package dev.orderflow.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.order.OrderProcess;
import dev.orderflow.testing.OrderJson;
import dev.orderflow.testing.OrderflowKafka;
import dev.orderflow.testing.UserTasks;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Plays the shop, the payment service and the order desk: places orders on {@code orders.placed},
 * pays most of them on {@code payments.captured} (some with the wrong amount), leaves some unpaid
 * (they time out), asks too much of a SKU for some (stock shortage), handles the resulting user
 * tasks the way a person in Tasklist would, and follows {@code orders.events} until every order
 * has its outcome.
 */
final class DemoDriver {

  /** What happens to a demo order, and the outcome event it must end with. */
  enum Scenario {
    PAID("paid", "OrderConfirmed"),
    UNPAID("unpaid, timed out", "OrderTimedOut"),
    SHORTAGE_REJECTED("shortage, desk rejects", "OrderRejected"),
    SHORTAGE_RETRIED("shortage, desk restocks and retries", "OrderConfirmed"),
    PAYMENT_ACCEPTED("wrong amount, desk accepts", "OrderConfirmed"),
    PAYMENT_REFUNDED("wrong amount, desk refunds", "RefundRequested");

    final String description;
    final String eventType;

    Scenario(String description, String eventType) {
      this.description = description;
      this.eventType = eventType;
    }
  }

  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(3);
  private static final String SHORT_SKU = "SKU-LAMP";

  private final String bootstrapServers;
  private final Duration paymentTimeout;
  private final UserTasks tasklist;
  private final Restock restock;
  private final ObjectMapper json = new ObjectMapper();

  /** How the desk replenishes stock before retrying (in real life: a warehouse system). */
  interface Restock {
    void add(String sku, int quantity);
  }

  DemoDriver(
      String bootstrapServers,
      Duration paymentTimeout,
      UserTasks tasklist,
      Restock restock) {
    this.bootstrapServers = bootstrapServers;
    this.paymentTimeout = paymentTimeout;
    this.tasklist = tasklist;
    this.restock = restock;
  }

  /** Runs the demo; true if every order ended with the outcome its scenario expects. */
  boolean run(int orders) {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Map<String, Scenario> plan = new HashMap<>();
    try (OrderflowKafka kafka = new OrderflowKafka(bootstrapServers)) {
      // keyed by order id, as a shop and a payment service would send them
      for (int i = 1; i <= orders; i++) {
        String orderId = "demo-" + run + "-" + i;
        Scenario scenario = scenarioFor(i);
        plan.put(orderId, scenario);
        kafka.send("orders.placed", orderId, placed(orderId, scenario));
        switch (scenario) {
          case UNPAID, SHORTAGE_REJECTED -> {}
          case PAYMENT_ACCEPTED, PAYMENT_REFUNDED ->
              kafka.send(
                  "payments.captured",
                  orderId,
                  OrderJson.paymentCaptured(orderId, "payment-" + orderId, "30.00"));
          default -> kafka.send("payments.captured", orderId, OrderJson.paymentCaptured(orderId));
        }
      }
    }
    System.out.printf(
        "Demo: placed %d orders %s; unpaid orders time out after %s; the order desk handles"
            + " shortages and wrong amounts as Tasklist would.%n",
        orders, count(plan), paymentTimeout);
    Map<String, String> outcomes = follow(plan);
    return summarize(plan, outcomes);
  }

  /** Per ten orders: four paid, two unpaid, and one of each manual exception. */
  private static Scenario scenarioFor(int i) {
    return switch (i % 10) {
      case 0 -> Scenario.SHORTAGE_REJECTED;
      case 3 -> Scenario.PAYMENT_REFUNDED;
      case 4, 8 -> Scenario.UNPAID;
      case 6 -> Scenario.SHORTAGE_RETRIED;
      case 9 -> Scenario.PAYMENT_ACCEPTED;
      default -> Scenario.PAID;
    };
  }

  private static String placed(String orderId, Scenario scenario) {
    return switch (scenario) {
      case SHORTAGE_REJECTED -> OrderJson.orderPlaced(orderId, "SKU-BOOK", 1_000_000);
      case SHORTAGE_RETRIED -> OrderJson.orderPlaced(orderId, SHORT_SKU, 8);
      default -> OrderJson.orderPlaced(orderId, "SKU-BOOK", 1);
    };
  }

  /**
   * Follows orders.events from the beginning until every order has ended or time is up, and
   * meanwhile works the order desk's task list.
   */
  private Map<String, String> follow(Map<String, Scenario> plan) {
    long deadline = System.nanoTime() + paymentTimeout.plusSeconds(90).toNanos();
    Map<String, String> outcomes = new HashMap<>();
    Map<String, Integer> eventsPerOrder = new HashMap<>();
    Set<Long> handled = new HashSet<>();
    try (KafkaConsumer<String, String> consumer = outcomeReader()) {
      long nextProgress = 0;
      while (outcomes.size() < plan.size() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          if (plan.containsKey(record.key())) {
            eventsPerOrder.merge(record.key(), 1, Integer::sum);
            outcomes.put(record.key(), typeOf(record.value()));
          }
        }
        workTheDesk(plan, handled);
        if (System.nanoTime() >= nextProgress || outcomes.size() == plan.size()) {
          System.out.printf(
              "  progress: %d of %d orders ended, %d tasks handled in Tasklist%n",
              outcomes.size(), plan.size(), handled.size());
          nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
        }
      }
      // a second outcome for an order would be a bug: read on briefly to catch late duplicates
      consumer.poll(Duration.ofSeconds(1)).forEach(r -> eventsPerOrder.merge(r.key(), 1, Integer::sum));
    }
    eventsPerOrder.forEach(
        (order, events) -> {
          if (events > 1) {
            System.out.printf("  WARNING: order %s has %d outcome events%n", order, events);
            outcomes.put(order, "several events");
          }
        });
    return outcomes;
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
                    OrderProcess.VAR_SHORTAGE_DECISION, OrderProcess.DECISION_REJECT,
                    OrderProcess.VAR_REJECTION_REASON, "we cannot supply that many");
            case SHORTAGE_RETRIED -> {
              restock.add(SHORT_SKU, 10);
              yield Map.of(OrderProcess.VAR_SHORTAGE_DECISION, OrderProcess.DECISION_RETRY);
            }
            case PAYMENT_ACCEPTED ->
                Map.of(OrderProcess.VAR_PAYMENT_DECISION, OrderProcess.DECISION_ACCEPT);
            case PAYMENT_REFUNDED ->
                Map.of(
                    OrderProcess.VAR_PAYMENT_DECISION, OrderProcess.DECISION_REFUND,
                    OrderProcess.VAR_REFUND_REASON, "paid the wrong amount");
            default -> throw new IllegalStateException(orderId + " should have no task: " + task);
          };
      tasklist.complete(task, form);
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
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "orderflow-demo-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
            new StringDeserializer(),
            new StringDeserializer());
    consumer.subscribe(List.of("orders.events"));
    return consumer;
  }

  private String typeOf(String value) {
    try {
      JsonNode event = json.readTree(value);
      return event.path("type").asText();
    } catch (IOException e) {
      throw new IllegalStateException("unreadable event " + value, e);
    }
  }

  private static boolean summarize(Map<String, Scenario> plan, Map<String, String> outcomes) {
    System.out.println();
    System.out.println("Demo summary");
    System.out.printf("  %-38s %-16s %5s %6s%n", "scenario", "outcome", "sent", "ended");
    long wrong = 0;
    for (Scenario scenario : Scenario.values()) {
      long sent = plan.values().stream().filter(s -> s == scenario).count();
      long ended =
          plan.entrySet().stream()
              .filter(e -> e.getValue() == scenario)
              .filter(e -> scenario.eventType.equals(outcomes.get(e.getKey())))
              .count();
      wrong += sent - ended;
      System.out.printf("  %-38s %-16s %5d %6d%n", scenario.description, scenario.eventType, sent, ended);
    }
    System.out.printf("  %-38s %-16s %5d %6d%n", "total", "", plan.size(), plan.size() - wrong);
    Map<String, Integer> byType = new java.util.TreeMap<>();
    outcomes.values().forEach(type -> byType.merge(type, 1, Integer::sum));
    System.out.println("  outcome events on orders.events: " + byType);
    System.out.println(
        wrong == 0
            ? "  every order ended as planned, with exactly one outcome event"
            : "  " + wrong + " order(s) did not end as planned");
    return wrong == 0;
  }

  private static Map<Scenario, Integer> count(Map<String, Scenario> plan) {
    Map<Scenario, Integer> counts = new EnumMap<>(Scenario.class);
    plan.values().forEach(s -> counts.merge(s, 1, Integer::sum));
    return counts;
  }
}
