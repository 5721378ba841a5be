package dev.orderflow.bench;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.awaitility.core.ConditionTimeoutException;

/** Outcomes per order: every measured order must have exactly one. */
final class OutcomeCount {

  private OutcomeCount() {}

  /** Orders among these with no outcome or more than one. */
  static long notExactlyOne(Collection<String> orders, Map<String, AtomicInteger> outcomes) {
    return orders.stream().filter(o -> count(outcomes, o) != 1).count();
  }

  /**
   * Keeps watching for the settle period, so that a late second outcome shows; returns early (and
   * the facts show it) as soon as one does.
   */
  static void settle(Duration settle, LongSupplier wrong) {
    if (settle.isZero()) {
      return;
    }
    try {
      await("exactly one outcome per order, for " + settle)
          .during(settle)
          .atMost(settle.plusSeconds(5))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> wrong.getAsLong() == 0);
    } catch (ConditionTimeoutException e) {
      // reported by facts(): the count of orders without exactly one outcome
    }
  }

  static void facts(
      ScenarioResult.Builder result,
      Collection<String> orders,
      Map<String, AtomicInteger> outcomes,
      String what) {
    int min = orders.stream().mapToInt(o -> count(outcomes, o)).min().orElse(0);
    int max = orders.stream().mapToInt(o -> count(outcomes, o)).max().orElse(0);
    result.fact("outcomes", what);
    result.fact("outcomesPerOrderMin", min);
    result.fact("outcomesPerOrderMax", max);
    result.fact("ordersWithoutExactlyOneOutcome", notExactlyOne(orders, outcomes));
  }

  private static int count(Map<String, AtomicInteger> outcomes, String orderId) {
    AtomicInteger n = outcomes.get(orderId);
    return n == null ? 0 : n.get();
  }
}
