package dev.orderflow.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.order.OrderLine;
import org.junit.jupiter.api.Test;

/** Order lines read strictly, at their bounds: SKU length, quantity 0 and the maximum. */
class OrderLinesTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final int MAX = 10_000;

  @Test
  void skuOfExactlySixtyFourCharacters_isAccepted_oneMoreIsNot() throws Exception {
    String longest = "S".repeat(OrderLines.MAX_SKU_LENGTH);

    assertThat(OrderLines.parse(lines("[{\"sku\":\"" + longest + "\",\"quantity\":1}]"), MAX))
        .containsExactly(new OrderLine(longest, 1));
    assertThatThrownBy(
            () -> OrderLines.parse(lines("[{\"sku\":\"" + longest + "S\",\"quantity\":1}]"), MAX))
        .isInstanceOf(InvalidOrderException.class)
        .hasMessage("invalid order: line 1 has a SKU of more than 64 characters");
  }

  @Test
  void quantityZero_isNotPositive() {
    assertThatThrownBy(() -> OrderLines.parse(lines("[{\"sku\":\"A\",\"quantity\":0}]"), MAX))
        .isInstanceOf(InvalidOrderException.class)
        .hasMessage("invalid order: line 1 (A): quantity 0 is not positive");
  }

  @Test
  void quantityOfExactlyTheMaximum_isAccepted_oneMoreIsNot() {
    assertThat(OrderLines.parse(lines("[{\"sku\":\"A\",\"quantity\":10000}]"), MAX))
        .containsExactly(new OrderLine("A", MAX));
    assertThatThrownBy(() -> OrderLines.parse(lines("[{\"sku\":\"A\",\"quantity\":10001}]"), MAX))
        .isInstanceOf(InvalidOrderException.class)
        .hasMessage(
            "invalid order: line 1 (A): quantity 10001 is more than 10000 (the most one order"
                + " takes)");
  }

  @Test
  void badLineInTheMessage_isShownWhole_upToEightyCharacters() {
    String eighty = "\"" + "x".repeat(78) + "\"";
    String eightyOne = "\"" + "x".repeat(79) + "\"";

    assertThatThrownBy(() -> OrderLines.parse(lines("[" + eighty + "]"), MAX))
        .hasMessage("invalid order: line 1 is not an object: " + eighty);
    assertThatThrownBy(() -> OrderLines.parse(lines("[" + eightyOne + "]"), MAX))
        .hasMessage(
            "invalid order: line 1 is not an object: " + eightyOne.substring(0, 77) + "...");
  }

  private static JsonNode lines(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
