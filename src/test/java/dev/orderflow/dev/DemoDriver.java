package dev.orderflow.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.testing.OrderJson;
import dev.orderflow.testing.OrderflowKafka;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Plays the shop and the payment service: places orders on {@code orders.placed}, pays most of them
 * on {@code payments.captured}, leaves some unpaid (they time out) and asks too much of one SKU for
 * some (rejected), then follows {@code orders.events} until every order has its outcome.
 */
final class DemoDriver {

  enum Outcome {
    CONFIRMED("OrderConfirmed"),
    TIMED_OUT("OrderTimedOut"),
    REJECTED("OrderRejected");

    final String eventType;

    Outcome(String eventType) {
      this.eventType = eventType;
    }
  }

  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(3);

  private final String bootstrapServers;
  private final Duration paymentTimeout;
  private final ObjectMapper json = new ObjectMapper();

  DemoDriver(String bootstrapServers, Duration paymentTimeout) {
    this.bootstrapServers = bootstrapServers;
    this.paymentTimeout = paymentTimeout;
  }

  /** Runs the demo; true if every order ended with the outcome it was set up for. */
  boolean run(int orders) {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Map<String, Outcome> expected = new HashMap<>();
    try (OrderflowKafka kafka = new OrderflowKafka(bootstrapServers)) {
      // the order's events are keyed by order id, so a shop and a payment service would send
      // them like this: the order first, the payment when the customer has paid
      for (int i = 1; i <= orders; i++) {
        String orderId = "demo-" + run + "-" + i;
        Outcome outcome = planFor(i);
        expected.put(orderId, outcome);
        int quantity = outcome == Outcome.REJECTED ? 1_000_000 : 1;
        kafka.send("orders.placed", orderId, OrderJson.orderPlaced(orderId, "SKU-BOOK", quantity));
        if (outcome == Outcome.CONFIRMED) {
          kafka.send("payments.captured", orderId, OrderJson.paymentCaptured(orderId));
        }
      }
      System.out.printf(
          "Demo: placed %d orders (%s); unpaid orders time out after %s.%n",
          orders, count(expected), paymentTimeout);

      Map<String, Outcome> actual = await(expected);
      return summarize(expected, actual);
    }
  }

  /** Seven in ten are paid, two are left unpaid, one asks for more than is in stock. */
  private static Outcome planFor(int i) {
    return switch (i % 10) {
      case 0 -> Outcome.REJECTED;
      case 4, 8 -> Outcome.TIMED_OUT;
      default -> Outcome.CONFIRMED;
    };
  }

  /** Follows orders.events from the beginning until every order has ended or time is up. */
  private Map<String, Outcome> await(Map<String, Outcome> expected) {
    long deadline = System.nanoTime() + paymentTimeout.plusSeconds(90).toNanos();
    Map<String, Outcome> actual = new HashMap<>();
    Map<String, Integer> eventsPerOrder = new HashMap<>();
    try (KafkaConsumer<String, String> consumer = outcomeReader()) {
      long nextProgress = 0;
      while (actual.size() < expected.size() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          if (expected.containsKey(record.key())) {
            eventsPerOrder.merge(record.key(), 1, Integer::sum);
            actual.put(record.key(), outcomeOf(record.value()));
          }
        }
        if (System.nanoTime() >= nextProgress || actual.size() == expected.size()) {
          System.out.printf(
              "  progress: %d of %d orders ended %s%n", actual.size(), expected.size(), count(actual));
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
          }
        });
    return actual;
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

  private Outcome outcomeOf(String value) {
    try {
      JsonNode event = json.readTree(value);
      String type = event.path("type").asText();
      for (Outcome outcome : Outcome.values()) {
        if (outcome.eventType.equals(type)) {
          return outcome;
        }
      }
      throw new IllegalStateException("unknown event type " + type);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("unreadable event " + value, e);
    }
  }

  private static boolean summarize(Map<String, Outcome> expected, Map<String, Outcome> actual) {
    Map<Outcome, Integer> sent = count(expected);
    Map<Outcome, Integer> ended = count(actual);
    long wrong = expected.entrySet().stream().filter(e -> e.getValue() != actual.get(e.getKey())).count();
    System.out.println();
    System.out.println("Demo summary");
    System.out.printf("  %-10s %6s %6s%n", "outcome", "sent", "ended");
    for (Outcome outcome : Outcome.values()) {
      System.out.printf(
          "  %-10s %6d %6d%n",
          outcome.name().toLowerCase().replace('_', ' '),
          sent.getOrDefault(outcome, 0),
          ended.getOrDefault(outcome, 0));
    }
    System.out.printf("  %-10s %6d %6d%n", "total", expected.size(), actual.size());
    System.out.println(
        wrong == 0
            ? "  every order ended as planned, with exactly one outcome event"
            : "  " + wrong + " order(s) did not end as planned");
    return wrong == 0;
  }

  private static Map<Outcome, Integer> count(Map<String, Outcome> outcomes) {
    Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    outcomes.values().forEach(o -> counts.merge(o, 1, Integer::sum));
    return counts;
  }
}
