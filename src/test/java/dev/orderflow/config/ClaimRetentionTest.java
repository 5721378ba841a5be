package dev.orderflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The claim tables ({@code order_instance}, {@code tracking_instance}) keep a claim for the
 * retention, then the clean-up deletes it, in batches; several instances may clean at the same
 * time. A retention that is not beyond the engine's windows (TTLs, the tracking horizon) is
 * refused.
 */
@JdbcTest
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class ClaimRetentionTest {

  static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  static final Duration RETENTION = Duration.ofDays(90);
  static final List<String> TABLES = List.of("order_instance", "tracking_instance");

  @Autowired JdbcClient jdbc;

  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  @BeforeEach
  void empty() {
    TABLES.forEach(table -> jdbc.sql("DELETE FROM " + table).update());
  }

  @Test
  void claimsOlderThanTheRetention_areDeleted_newerOnesKept() {
    for (String table : TABLES) {
      claim(table, "order-old", NOW.minus(RETENTION).minusSeconds(1));
      claim(table, "order-at-the-limit", NOW.minus(RETENTION).plusSeconds(1));
      claim(table, "order-new", NOW.minus(Duration.ofDays(1)));
    }

    int deleted = cleaner(3).cleanUp();

    assertThat(deleted).isEqualTo(2);
    for (String table : TABLES) {
      assertThat(orders(table))
          .as(table)
          .containsExactlyInAnyOrder("order-at-the-limit", "order-new");
    }
  }

  @Test
  void manyOldClaims_areDeletedInBatches_andTwoInstancesMayCleanAtOnce() {
    for (int i = 0; i < 250; i++) {
      claim("order_instance", "order-" + i, NOW.minus(RETENTION).minus(Duration.ofDays(1)));
    }
    claim("order_instance", "order-kept", NOW);
    ClaimRetention one = cleaner(40);
    ClaimRetention other = cleaner(40);

    CompletableFuture<Integer> first = CompletableFuture.supplyAsync(one::cleanUp);
    CompletableFuture<Integer> second = CompletableFuture.supplyAsync(other::cleanUp);

    assertThat(first.join() + second.join()).as("claims deleted by both").isEqualTo(250);
    assertThat(orders("order_instance")).containsExactly("order-kept");
  }

  @Test
  void retentionNotBeyondTheEnginesWindows_isRefusedAtStartUp() {
    Map<String, Duration> windows = new LinkedHashMap<>();
    windows.put("order-tracking/DeliveredStartEvent messageTtl", Duration.ofHours(24));
    windows.put("orderflow.tracking.horizon", Duration.ofDays(30));

    assertThatThrownBy(() -> ClaimRetention.check(Duration.ofDays(30), windows))
        .hasMessageContaining("orderflow.claims.retention (PT720H)")
        .hasMessageContaining("orderflow.tracking.horizon (PT720H)");
    ClaimRetention.check(Duration.ofDays(90), windows);
  }

  private ClaimRetention cleaner(int batchSize) {
    return new ClaimRetention(
        jdbc, clock, new ClaimsProperties(RETENTION, Duration.ofHours(1), batchSize), Map.of());
  }

  private void claim(String table, String orderId, Instant at) {
    jdbc.sql(
            "INSERT INTO "
                + table
                + " (order_id, process_instance_key, claimed_at) VALUES (:id, 1, :at)")
        .param("id", orderId)
        .param("at", Timestamp.from(at))
        .update();
  }

  private List<String> orders(String table) {
    return jdbc.sql("SELECT order_id FROM " + table).query(String.class).list();
  }
}
