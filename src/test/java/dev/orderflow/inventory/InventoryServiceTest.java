package dev.orderflow.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.order.OrderLine;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stock and reservations against the real schema: H2 in memory, migrated by Flyway.
 *
 * <p>The tests run outside a test transaction on purpose: inside one, the service's own transaction
 * would only join it, an out-of-stock order would merely mark it rollback-only, and the partial
 * updates it rolls back in production would still be visible here. The tables are emptied before
 * each test instead.
 */
@JdbcTest
@Import({InventoryService.class, InventoryServiceTest.FixedClock.class})
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class InventoryServiceTest {

  static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");

  @TestConfiguration(proxyBeanMethods = false)
  @EnableConfigurationProperties(InventoryProperties.class)
  static class FixedClock {

    @Bean
    Clock clock() {
      return Clock.fixed(NOW, ZoneOffset.UTC);
    }
  }

  private final InventoryService inventory;
  private final JdbcClient jdbc;

  @Autowired
  InventoryServiceTest(InventoryService inventory, JdbcClient jdbc) {
    this.inventory = inventory;
    this.jdbc = jdbc;
  }

  @BeforeEach
  void emptyTables() {
    jdbc.sql("DELETE FROM reservation_line").update();
    jdbc.sql("DELETE FROM reservation").update();
    jdbc.sql("DELETE FROM stock").update();
  }

  @Test
  void flywayMigration_createsTheInventorySchema() {
    List<String> applied =
        jdbc.sql("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" = TRUE")
            .query(String.class)
            .list();
    List<String> tables =
        jdbc.sql(
                "SELECT LOWER(table_name) FROM information_schema.tables"
                    + " WHERE LOWER(table_schema) = 'public'")
            .query(String.class)
            .list();

    assertThat(applied).contains("1", "2");
    assertThat(tables).contains("stock", "reservation", "reservation_line", "order_instance");
  }

  @Test
  void reserve_takesStockAndRecordsTheReservationAtTheClocksTime() {
    inventory.restock("SKU-A", 10);

    boolean reserved = inventory.reserve("order-1", List.of(new OrderLine("SKU-A", 3)));

    assertThat(reserved).isTrue();
    assertThat(inventory.available("SKU-A")).isEqualTo(7);
    assertThat(inventory.status("order-1")).contains("RESERVED");
    assertThat(
            jdbc.sql("SELECT created_at FROM reservation WHERE order_id = 'order-1'")
                .query(Timestamp.class)
                .single()
                .toInstant())
        .isEqualTo(NOW);
  }

  @Test
  void reserveTwice_equalsReserveOnce() {
    inventory.restock("SKU-A", 10);
    List<OrderLine> lines = List.of(new OrderLine("SKU-A", 3));

    boolean first = inventory.reserve("order-1", lines);
    boolean second = inventory.reserve("order-1", lines);

    assertThat(first).isTrue();
    assertThat(second).isFalse();
    assertThat(inventory.available("SKU-A")).isEqualTo(7);
    assertThat(reservedQuantity("order-1", "SKU-A")).isEqualTo(3);
  }

  @Test
  void releaseWithoutReserve_isNoOp() {
    inventory.restock("SKU-A", 10);

    boolean released = inventory.release("order-never-reserved");

    assertThat(released).isFalse();
    assertThat(inventory.available("SKU-A")).isEqualTo(10);
    assertThat(inventory.status("order-never-reserved")).isEmpty();
  }

  @Test
  void releaseTwice_givesStockBackOnce() {
    inventory.restock("SKU-A", 10);
    inventory.restock("SKU-B", 5);
    inventory.reserve("order-1", List.of(new OrderLine("SKU-A", 3), new OrderLine("SKU-B", 2)));

    boolean first = inventory.release("order-1");
    boolean second = inventory.release("order-1");

    assertThat(first).isTrue();
    assertThat(second).isFalse();
    assertThat(inventory.available("SKU-A")).isEqualTo(10);
    assertThat(inventory.available("SKU-B")).isEqualTo(5);
    assertThat(inventory.status("order-1")).contains("RELEASED");
  }

  @Test
  void release_givesBackOnlyThisOrdersStock() {
    inventory.restock("SKU-A", 10);
    inventory.reserve("order-1", List.of(new OrderLine("SKU-A", 3)));
    inventory.reserve("order-2", List.of(new OrderLine("SKU-A", 4)));

    inventory.release("order-1");

    assertThat(inventory.available("SKU-A")).isEqualTo(6); // 10 - 3 - 4 + 3
    assertThat(inventory.status("order-2")).contains("RESERVED");
  }

  @Test
  void orderForMoreThanInStock_isOutOfStockAndTakesNothing() {
    // SKU-A sorts first, so its stock is taken before SKU-B turns out to be short.
    inventory.restock("SKU-A", 10);
    inventory.restock("SKU-B", 1);
    List<OrderLine> lines = List.of(new OrderLine("SKU-A", 2), new OrderLine("SKU-B", 3));

    assertThatThrownBy(() -> inventory.reserve("order-1", lines))
        .isInstanceOfSatisfying(
            OutOfStockException.class,
            e -> {
              assertThat(e.shortages()).containsExactly(new Shortage("SKU-B", 3, 1));
              assertThat(e.getMessage())
                  .contains("order-1")
                  .contains("SKU-B (requested 3, available 1)")
                  .doesNotContain("SKU-A");
            });

    assertThat(inventory.available("SKU-A")).isEqualTo(10);
    assertThat(inventory.available("SKU-B")).isEqualTo(1);
    assertThat(inventory.status("order-1")).isEmpty();
    assertThat(reservationLineCount("order-1")).isZero();
  }

  @Test
  void outOfStockOrder_canBeReservedOnceRestocked() {
    inventory.restock("SKU-A", 1);
    List<OrderLine> lines = List.of(new OrderLine("SKU-A", 2));
    assertThatThrownBy(() -> inventory.reserve("order-1", lines))
        .isInstanceOf(OutOfStockException.class);

    inventory.restock("SKU-A", 1);

    assertThat(inventory.reserve("order-1", lines)).isTrue();
    assertThat(inventory.available("SKU-A")).isZero();
  }

  @Test
  void orderWithoutLines_isInvalidAndTakesNothing() {
    assertThatThrownBy(() -> inventory.reserve("order-empty", List.of()))
        .isInstanceOf(InvalidOrderException.class)
        .hasMessageContaining("no lines");
    assertThat(inventory.status("order-empty")).isEmpty();
  }

  @Test
  void lineWithoutPositiveQuantity_isInvalidAndTakesNothing() {
    inventory.restock("SKU-A", 10);

    assertThatThrownBy(
            () ->
                inventory.reserve(
                    "order-bad", List.of(new OrderLine("SKU-A", 2), new OrderLine("SKU-A", 0))))
        .isInstanceOf(InvalidOrderException.class);
    assertThat(inventory.available("SKU-A")).isEqualTo(10);
  }

  @Test
  void stockNeverGoesNegative() {
    inventory.restock("SKU-A", 5);
    inventory.reserve("order-1", List.of(new OrderLine("SKU-A", 5)));

    assertThatThrownBy(() -> inventory.reserve("order-2", List.of(new OrderLine("SKU-A", 1))))
        .isInstanceOfSatisfying(
            OutOfStockException.class,
            e -> assertThat(e.shortages()).containsExactly(new Shortage("SKU-A", 1, 0)));

    assertThat(inventory.available("SKU-A")).isZero();
    assertThat(inventory.status("order-2")).isEmpty();
  }

  @Test
  void sameSkuOnTwoLines_isReservedAsTheSum() {
    inventory.restock("SKU-A", 10);

    inventory.reserve("order-1", List.of(new OrderLine("SKU-A", 2), new OrderLine("SKU-A", 3)));

    assertThat(inventory.available("SKU-A")).isEqualTo(5);
    assertThat(reservedQuantity("order-1", "SKU-A")).isEqualTo(5);
  }

  @Test
  void sameSkuOnTwoLines_isOutOfStockWhenOnlyTheSumExceedsTheStock() {
    inventory.restock("SKU-A", 4);
    List<OrderLine> lines = List.of(new OrderLine("SKU-A", 2), new OrderLine("SKU-A", 3));

    assertThatThrownBy(() -> inventory.reserve("order-1", lines))
        .isInstanceOfSatisfying(
            OutOfStockException.class,
            e -> assertThat(e.shortages()).containsExactly(new Shortage("SKU-A", 5, 4)));

    assertThat(inventory.available("SKU-A")).isEqualTo(4);
  }

  @Test
  void unknownSku_isOutOfStock() {
    inventory.restock("SKU-A", 10);

    assertThatThrownBy(() -> inventory.reserve("order-1", List.of(new OrderLine("NO-SUCH", 1))))
        .isInstanceOfSatisfying(
            OutOfStockException.class,
            e -> assertThat(e.shortages()).containsExactly(new Shortage("NO-SUCH", 1, 0)));

    assertThat(inventory.status("order-1")).isEmpty();
    assertThat(jdbc.sql("SELECT COUNT(*) FROM stock").query(Integer.class).single()).isEqualTo(1);
  }

  @Test
  void reserveAfterRelease_changesNothing() {
    inventory.restock("SKU-A", 10);
    List<OrderLine> lines = List.of(new OrderLine("SKU-A", 3));
    inventory.reserve("order-1", lines);
    inventory.release("order-1");

    boolean reservedAgain = inventory.reserve("order-1", lines);

    assertThat(reservedAgain).isFalse();
    assertThat(inventory.available("SKU-A")).isEqualTo(10);
    assertThat(inventory.status("order-1")).contains("RELEASED");
  }

  @Test
  void checkConstraint_onItsOwn_refusesNegativeStock_whateverTheStatement() {
    inventory.restock("SKU-A", 2);

    // past the service's conditional update: only the schema's constraint stands in the way
    assertThatThrownBy(
            () ->
                jdbc.sql("UPDATE stock SET available = available - 3 WHERE sku = 'SKU-A'").update())
        .isInstanceOf(DataIntegrityViolationException.class)
        .hasMessageContaining("STOCK_NEVER_NEGATIVE");
    assertThatThrownBy(
            () -> jdbc.sql("INSERT INTO stock (sku, available) VALUES ('SKU-B', -1)").update())
        .isInstanceOf(DataIntegrityViolationException.class);
    assertThat(inventory.available("SKU-A")).isEqualTo(2);
  }

  @Test
  void createIfAbsent_createsANewSkuOnce_andNeverChangesAnExistingOne() {
    assertThat(inventory.createIfAbsent("SKU-A", 5)).isTrue();
    assertThat(inventory.available("SKU-A")).isEqualTo(5);

    assertThat(inventory.createIfAbsent("SKU-A", 7)).isFalse();
    assertThat(inventory.available("SKU-A")).isEqualTo(5);
  }

  @Test
  void restock_addsToTheStock_zeroIsAllowed_negativeIsRefused() {
    inventory.restock("SKU-A", 0);
    assertThat(inventory.available("SKU-A")).isZero();
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM stock WHERE sku = 'SKU-A'")
                .query(Integer.class)
                .single())
        .isEqualTo(1);
    inventory.restock("SKU-A", 4);
    inventory.restock("SKU-A", 3);
    assertThat(inventory.available("SKU-A")).isEqualTo(7);

    assertThatThrownBy(() -> inventory.restock("SKU-A", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("restock quantity must not be negative: -1");
    assertThat(inventory.available("SKU-A")).isEqualTo(7);
  }

  @Test
  void orderAskingForExactlyTheMaximum_isReserved_oneMoreIsInvalid() {
    inventory.restock("SKU-A", 2 * InventoryService.DEFAULT_MAX_QUANTITY + 1);

    assertThat(inventory.maxQuantity()).isEqualTo(InventoryService.DEFAULT_MAX_QUANTITY);
    assertThat(
            inventory.reserve(
                "order-1", List.of(new OrderLine("SKU-A", InventoryService.DEFAULT_MAX_QUANTITY))))
        .isTrue();
    assertThatThrownBy(
            () ->
                inventory.reserve(
                    "order-2",
                    List.of(
                        new OrderLine("SKU-A", InventoryService.DEFAULT_MAX_QUANTITY),
                        new OrderLine("SKU-A", 1))))
        .isInstanceOf(InvalidOrderException.class)
        .hasMessage(
            "invalid order: asks for 10001 of SKU-A, more than 10000 (the most one order takes)");
    assertThat(inventory.available("SKU-A")).isEqualTo(InventoryService.DEFAULT_MAX_QUANTITY + 1);
  }

  private int reservedQuantity(String orderId, String sku) {
    return jdbc.sql("SELECT quantity FROM reservation_line WHERE order_id = :id AND sku = :sku")
        .param("id", orderId)
        .param("sku", sku)
        .query(Integer.class)
        .single();
  }

  private int reservationLineCount(String orderId) {
    return jdbc.sql("SELECT COUNT(*) FROM reservation_line WHERE order_id = :id")
        .param("id", orderId)
        .query(Integer.class)
        .single();
  }
}
