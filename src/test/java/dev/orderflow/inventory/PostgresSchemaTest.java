package dev.orderflow.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.order.OrderLine;
import java.time.Clock;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * The schema on PostgreSQL, the database of the {@code compose} and {@code secured} setups (the
 * image docker-compose.yml pins): every migration applies, stock is reserved and released, and the
 * check constraint keeps stock from going negative. Skipped where there is no Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
class PostgresSchemaTest {

  @Container
  static final PostgreSQLContainer<?> POSTGRES =
      new PostgreSQLContainer<>(DockerImageName.parse("postgres:17.9"));

  static JdbcClient jdbc;
  static InventoryService inventory;

  @BeforeAll
  static void migrate() {
    Flyway.configure()
        .dataSource(POSTGRES.getJdbcUrl(), POSTGRES.getUsername(), POSTGRES.getPassword())
        .locations("classpath:db/migration")
        .load()
        .migrate();
    jdbc =
        JdbcClient.create(
            new DriverManagerDataSource(
                POSTGRES.getJdbcUrl(), POSTGRES.getUsername(), POSTGRES.getPassword()));
    inventory =
        new InventoryService(jdbc, Clock.systemUTC(), InventoryService.DEFAULT_MAX_QUANTITY);
  }

  @Test
  void everyMigration_appliesOnPostgres() {
    List<String> tables =
        jdbc.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
            .query(String.class)
            .list();

    assertThat(tables)
        .contains(
            "stock",
            "reservation",
            "reservation_line",
            "order_instance",
            "tracking_instance",
            "payment",
            "payment_window");
  }

  @Test
  void reserveAndRelease_onPostgres() {
    inventory.restock("PG-SKU-A", 5);

    assertThat(inventory.reserve("pg-order-1", List.of(new OrderLine("PG-SKU-A", 3)))).isTrue();
    assertThat(inventory.available("PG-SKU-A")).isEqualTo(2);
    assertThat(inventory.release("pg-order-1")).isTrue();
    assertThat(inventory.available("PG-SKU-A")).isEqualTo(5);
  }

  @Test
  void checkConstraint_onPostgres_refusesNegativeStock() {
    inventory.restock("PG-SKU-B", 1);

    assertThatThrownBy(
            () ->
                jdbc.sql("UPDATE stock SET available = available - 2 WHERE sku = 'PG-SKU-B'")
                    .update())
        .isInstanceOf(DataIntegrityViolationException.class)
        .hasMessageContaining("stock_never_negative");
    assertThat(inventory.available("PG-SKU-B")).isEqualTo(1);
  }
}
