package dev.orderflow.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeelTest {

  private static final Map<String, Object> RECORD =
      Map.of(
          "key",
          "o-1",
          "value",
          Map.of("orderId", "o-1", "items", List.of(Map.of("sku", "A", "quantity", 2))),
          "timestamp",
          "2026-11-30T10:00:00Z");

  @Test
  void expressionAsModelerWritesIt_evaluatesToPlainJavaValues() {
    Object result =
        Feel.parse(
                "={orderId: key, items: value.items, at: date and time(timestamp)}", "test result")
            .evaluate(RECORD);

    assertThat(result)
        .isEqualTo(
            Map.of(
                "orderId",
                "o-1",
                "items",
                List.of(Map.of("sku", "A", "quantity", 2L)),
                "at",
                "2026-11-30T10:00:00Z"));
  }

  @Test
  void preparedVariables_serveSeveralExpressions_andAContextEntryReadsTheOnesBeforeIt() {
    Feel.Variables record = Feel.prepared(RECORD);

    assertThat(Feel.parse("=key", "test key").evaluate(record)).isEqualTo("o-1");
    assertThat(Feel.parse("={id: key, ref: id + \"/\" + value.orderId}", "test").evaluate(record))
        .isEqualTo(Map.of("id", "o-1", "ref", "o-1/o-1"));
    assertThat(
            Feel.parse("=value.missing = null and count(value.items) = 1", "test").evaluate(record))
        .isEqualTo(true);
  }

  @Test
  void syntaxError_isRefusedNamingWhereTheExpressionIs() {
    assertThatThrownBy(() -> Feel.parse("=value.orderId +", "order-process/Start messageId"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("order-process/Start messageId: not a FEEL expression");
  }

  @Test
  void failedAssertion_failsWithItsOwnReason() {
    Feel.Expression expression =
        Feel.parse(
            "=assert(value.total, value.total != null, \"missing required field total\")",
            "order-process/Start resultExpression");

    assertThatThrownBy(() -> expression.evaluate(RECORD))
        .isInstanceOf(Feel.EvaluationException.class)
        .hasMessage("order-process/Start resultExpression failed: missing required field total");
  }
}
