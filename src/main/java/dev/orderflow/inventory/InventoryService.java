package dev.orderflow.inventory;

import dev.orderflow.order.OrderLine;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stock and reservations. {@link #reserve} and {@link #release} are idempotent by order id: the
 * engine may run a job more than once, and a second call changes nothing. Stock never goes negative
 * (checked in the update and by a constraint).
 */
@Service
public class InventoryService {

  private static final Logger log = LoggerFactory.getLogger(InventoryService.class);

  /** The default of {@code orderflow.inventory.max-quantity}. */
  public static final int DEFAULT_MAX_QUANTITY = 10_000;

  private final JdbcClient jdbc;
  private final Clock clock;
  private final int maxQuantity;

  @Autowired
  public InventoryService(JdbcClient jdbc, Clock clock, InventoryProperties properties) {
    this(jdbc, clock, properties.maxQuantity());
  }

  InventoryService(JdbcClient jdbc, Clock clock, int maxQuantity) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.maxQuantity = maxQuantity;
  }

  /** The most units of one SKU an order may ask for ({@code orderflow.inventory.max-quantity}). */
  public int maxQuantity() {
    return maxQuantity;
  }

  /**
   * Reserves every line of the order, all or nothing.
   *
   * @return {@code true} if this call reserved, {@code false} if the order had a reservation
   *     already (reserved or released before), in which case nothing changed
   * @throws OutOfStockException if any SKU has less available than asked; nothing is reserved
   * @throws InvalidOrderException if the order has no lines, or a line without SKU or quantity
   */
  @Transactional
  public boolean reserve(String orderId, List<OrderLine> lines) {
    if (status(orderId).isPresent()) {
      log.debug("Order {} has a reservation already; reserve is a no-op", orderId);
      return false;
    }
    Map<String, Integer> wanted = merge(lines);
    List<Shortage> shortages = new ArrayList<>();
    for (Map.Entry<String, Integer> line : wanted.entrySet()) {
      int updated =
          jdbc.sql(
                  "UPDATE stock SET available = available - :q WHERE sku = :sku AND available >= :q")
              .param("q", line.getValue())
              .param("sku", line.getKey())
              .update();
      if (updated == 0) {
        shortages.add(new Shortage(line.getKey(), line.getValue(), available(line.getKey())));
      }
    }
    if (!shortages.isEmpty()) {
      throw new OutOfStockException(orderId, shortages); // rolls the partial updates back
    }
    Timestamp now = Timestamp.from(clock.instant());
    jdbc.sql(
            "INSERT INTO reservation (order_id, status, created_at, updated_at)"
                + " VALUES (:id, 'RESERVED', :now, :now)")
        .param("id", orderId)
        .param("now", now)
        .update();
    wanted.forEach(
        (sku, quantity) ->
            jdbc.sql(
                    "INSERT INTO reservation_line (order_id, sku, quantity) VALUES (:id, :sku, :q)")
                .param("id", orderId)
                .param("sku", sku)
                .param("q", quantity)
                .update());
    return true;
  }

  /**
   * Gives back what the order's reservation took.
   *
   * @return {@code true} if this call released, {@code false} if there was nothing to release (no
   *     reservation, or released already)
   */
  @Transactional
  public boolean release(String orderId) {
    int released =
        jdbc.sql(
                "UPDATE reservation SET status = 'RELEASED', updated_at = :now"
                    + " WHERE order_id = :id AND status = 'RESERVED'")
            .param("id", orderId)
            .param("now", Timestamp.from(clock.instant()))
            .update();
    if (released == 0) {
      log.debug("Order {} has no active reservation; release is a no-op", orderId);
      return false;
    }
    jdbc.sql(
            "UPDATE stock SET available = available + (SELECT l.quantity FROM reservation_line l"
                + " WHERE l.order_id = :id AND l.sku = stock.sku)"
                + " WHERE sku IN (SELECT sku FROM reservation_line WHERE order_id = :id)")
        .param("id", orderId)
        .update();
    return true;
  }

  /** Adds stock for a SKU, creating it if it is new. */
  @Transactional
  public void restock(String sku, int quantity) {
    if (quantity < 0) {
      throw new IllegalArgumentException("restock quantity must not be negative: " + quantity);
    }
    int updated =
        jdbc.sql("UPDATE stock SET available = available + :q WHERE sku = :sku")
            .param("q", quantity)
            .param("sku", sku)
            .update();
    if (updated == 0) {
      jdbc.sql("INSERT INTO stock (sku, available) VALUES (:sku, :q)")
          .param("sku", sku)
          .param("q", quantity)
          .update();
    }
  }

  /** Creates the SKU with this stock unless it exists; returns whether it was created. */
  @Transactional
  public boolean createIfAbsent(String sku, int quantity) {
    if (jdbc.sql("SELECT COUNT(*) FROM stock WHERE sku = :sku")
            .param("sku", sku)
            .query(Integer.class)
            .single()
        > 0) {
      return false;
    }
    restock(sku, quantity);
    return true;
  }

  /** Units of the SKU available to reserve; 0 for an unknown SKU. */
  public int available(String sku) {
    return jdbc.sql("SELECT available FROM stock WHERE sku = :sku")
        .param("sku", sku)
        .query(Integer.class)
        .optional()
        .orElse(0);
  }

  /** The order's reservation status ({@code RESERVED} or {@code RELEASED}), if it has one. */
  public Optional<String> status(String orderId) {
    return jdbc.sql("SELECT status FROM reservation WHERE order_id = :id")
        .param("id", orderId)
        .query(String.class)
        .optional();
  }

  private Map<String, Integer> merge(List<OrderLine> lines) {
    if (lines.isEmpty()) {
      throw new InvalidOrderException("invalid order: it has no lines");
    }
    Map<String, Integer> merged = new TreeMap<>(); // sorted: rows are locked in a stable order
    for (OrderLine line : lines) {
      if (line.sku() == null || line.sku().isBlank() || line.quantity() <= 0) {
        throw new InvalidOrderException("invalid order line: " + line);
      }
      int total = merged.merge(line.sku(), line.quantity(), Math::addExact);
      if (total > maxQuantity) {
        throw new InvalidOrderException(
            "invalid order: asks for "
                + total
                + " of "
                + line.sku()
                + ", more than "
                + maxQuantity
                + " (the most one order takes)");
      }
    }
    return merged;
  }
}
