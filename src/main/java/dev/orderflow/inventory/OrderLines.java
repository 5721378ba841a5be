package dev.orderflow.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.order.OrderLine;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an order's {@code items} as they came from the shop, strictly: every line must be an object
 * with a non-blank {@code sku} (at most {@value #MAX_SKU_LENGTH} characters) and a {@code quantity}
 * that is a JSON integer from 1 to the configured maximum. Nothing is coerced ({@code 2.7} is not
 * 2, {@code "2"} is not 2); anything else is an {@link InvalidOrderException} with the reason,
 * which the order process turns into {@code OrderRejected}.
 */
final class OrderLines {

  /** The SKU column's width. */
  static final int MAX_SKU_LENGTH = 64;

  private OrderLines() {}

  static List<OrderLine> parse(JsonNode items, int maxQuantity) {
    if (items == null || items.isNull() || items.isMissingNode()) {
      throw new InvalidOrderException("invalid order: it has no lines");
    }
    if (!items.isArray()) {
      throw new InvalidOrderException("invalid order: items is not a list: " + brief(items));
    }
    if (items.isEmpty()) {
      throw new InvalidOrderException("invalid order: it has no lines");
    }
    List<OrderLine> lines = new ArrayList<>(items.size());
    int number = 0;
    for (JsonNode item : items) {
      number++;
      String line = "invalid order: line " + number;
      if (item == null || !item.isObject()) {
        throw new InvalidOrderException(line + " is not an object: " + brief(item));
      }
      JsonNode sku = item.get("sku");
      if (sku == null || !sku.isTextual() || sku.asText().isBlank()) {
        throw new InvalidOrderException(line + " has no SKU: " + brief(item));
      }
      if (sku.asText().length() > MAX_SKU_LENGTH) {
        throw new InvalidOrderException(
            line + " has a SKU of more than " + MAX_SKU_LENGTH + " characters");
      }
      line += " (" + sku.asText() + "): quantity ";
      JsonNode quantity = item.get("quantity");
      if (quantity == null || quantity.isNull()) {
        throw new InvalidOrderException(line + "is missing");
      }
      if (!quantity.isNumber()) {
        throw new InvalidOrderException(line + brief(quantity) + " is not a number");
      }
      if (!quantity.isIntegralNumber()) {
        throw new InvalidOrderException(line + brief(quantity) + " is not a whole number");
      }
      if (quantity.bigIntegerValue().signum() <= 0) {
        throw new InvalidOrderException(line + brief(quantity) + " is not positive");
      }
      if (!quantity.canConvertToInt() || quantity.intValue() > maxQuantity) {
        throw new InvalidOrderException(
            line
                + brief(quantity)
                + " is more than "
                + maxQuantity
                + " (the most one order takes)");
      }
      lines.add(new OrderLine(sku.asText(), quantity.intValue()));
    }
    return lines;
  }

  private static String brief(JsonNode node) {
    String text = String.valueOf(node);
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}
