package dev.orderflow.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.config.OrderflowProperties;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The payment ledger against the real schema (H2, Flyway): a payment is applied to one order or
 * refunded once, and the decisions follow business time.
 */
@JdbcTest
@Import({PaymentLedger.class, PaymentLedgerTest.FixedClock.class})
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class PaymentLedgerTest {

  static final Instant PLACED = Instant.parse("2026-11-25T10:00:00Z");
  static final Instant DEADLINE = PLACED.plus(Duration.ofHours(2));
  static final Duration GRACE = Duration.ofMinutes(10);
  static final PaymentWindows WINDOWS =
      new PaymentWindows(new OrderflowProperties(Duration.ofHours(2), null, null));

  @TestConfiguration(proxyBeanMethods = false)
  static class FixedClock {

    @Bean
    Clock clock() {
      return Clock.fixed(PLACED, ZoneOffset.UTC);
    }
  }

  @Autowired PaymentLedger ledger;
  @Autowired JdbcClient jdbc;

  @BeforeEach
  void emptyTables() {
    jdbc.sql("DELETE FROM payment").update();
    jdbc.sql("DELETE FROM payment_window").update();
    jdbc.sql("DELETE FROM order_arrival").update();
  }

  @Test
  void paymentCapturedByTheDeadline_isAppliedToTheOrder_evenIfClaimedLater() {
    ledger.openWindow("o-1", DEADLINE);
    ledger.record(payment("p-1", "o-1", DEADLINE));

    assertThat(ledger.claim("o-1")).map(PaymentLedger.CapturedPayment::paymentId).contains("p-1");
    assertThat(ledger.claim("o-1")).map(PaymentLedger.CapturedPayment::paymentId).contains("p-1");
    assertThat(ledger.state("p-1")).contains("APPLIED");
    assertThat(ledger.settle("p-1", false).settlement()).isEqualTo("applied");
  }

  @Test
  void paymentCapturedAfterTheDeadline_isNotApplied_andRefundedOnceTheWindowCloses() {
    ledger.openWindow("o-1", DEADLINE);
    ledger.record(payment("p-late", "o-1", DEADLINE.plusSeconds(1)));

    assertThat(ledger.claim("o-1")).isEmpty();
    assertThat(ledger.settle("p-late", true).settlement()).isEqualTo("wait");
    assertThat(ledger.closeUnpaid("o-1")).isEmpty();

    PaymentLedger.Settlement refund = ledger.settle("p-late", true);
    assertThat(refund.settlement()).isEqualTo("refund");
    assertThat(refund.cancelsOrder()).isTrue();
    assertThat(refund.refundReason()).contains("after the payment window of order o-1");
    // a retried settle job gets the same decision, and the order cannot take it any more
    assertThat(ledger.settle("p-late", true)).isEqualTo(refund);
    assertThat(ledger.claim("o-1")).isEmpty();
  }

  @Test
  void secondPayment_isRefundedWithoutCancellingTheOrder() {
    ledger.openWindow("o-1", DEADLINE);
    ledger.record(payment("p-1", "o-1", PLACED.plusSeconds(60)));
    ledger.record(payment("p-2", "o-1", PLACED.plusSeconds(90)));

    assertThat(ledger.claim("o-1")).map(PaymentLedger.CapturedPayment::paymentId).contains("p-1");
    PaymentLedger.Settlement second = ledger.settle("p-2", false);
    assertThat(second.settlement()).isEqualTo("refund");
    assertThat(second.cancelsOrder()).isFalse();
    assertThat(second.refundReason()).contains("already paid (payment p-1)");
  }

  @Test
  void closingTheWindow_whenAPaymentCapturedInTimeIsInTheLedger_appliesItInstead() {
    ledger.openWindow("o-1", DEADLINE);
    ledger.record(payment("p-1", "o-1", DEADLINE.minusSeconds(1)));

    assertThat(ledger.closeUnpaid("o-1"))
        .map(PaymentLedger.CapturedPayment::paymentId)
        .contains("p-1");
    assertThat(ledger.state("p-1")).contains("APPLIED");
  }

  @Test
  void paymentForAnUnknownOrder_waitsForTheGrace_thenIsRefunded() {
    ledger.record(payment("p-1", "o-unknown", PLACED));

    assertThat(ledger.settle("p-1", false).settlement()).isEqualTo("wait");
    PaymentLedger.Settlement refund = ledger.settle("p-1", true);
    assertThat(refund.settlement()).isEqualTo("refund");
    assertThat(refund.refundReason()).contains("no order o-unknown");
    ledger.refunded("p-1");
    assertThat(ledger.state("p-1")).contains("REFUNDED");
  }

  @Test
  void paymentWhoseOrderArrivedButIsNotReservedYet_waitsPastTheGrace_andIsAppliedOnceReserved() {
    ledger.record(payment("p-1", "o-1", PLACED));
    ledger.orderArrived("o-1");
    ledger.orderArrived("o-1"); // a redelivered OrderPlaced

    // the reservation is behind (a burst): the grace is over, but the order exists
    assertThat(ledger.settle("p-1", true).settlement()).isEqualTo("wait");
    assertThat(ledger.state("p-1")).contains("CAPTURED");

    ledger.openWindow("o-1", DEADLINE);
    assertThat(ledger.claim("o-1")).map(PaymentLedger.CapturedPayment::paymentId).contains("p-1");
    assertThat(ledger.settle("p-1", true).settlement()).isEqualTo("applied");
  }

  @Test
  void orphanedPayment_whoseOrderMayStillBeInKafka_waitsAndLooksAgainSoon_thenIsRefunded() {
    ledger.record(payment("p-1", "o-1", PLACED));
    StubIntake intake = new StubIntake();
    SettlePaymentWorker worker = new SettlePaymentWorker(ledger, intake, WINDOWS);

    // the grace is over, but the bridge has not taken in every order record stamped within it
    Map<String, Object> waiting = worker.settle(graceOver("p-1", "o-1"));
    assertThat(waiting)
        .containsEntry(PaymentProcess.VAR_SETTLEMENT, "wait")
        .containsEntry(PaymentProcess.VAR_SETTLE_AGAIN_AFTER, "PT1M");
    assertThat(intake.askedUpTo).isEqualTo(PLACED.plus(GRACE));
    assertThat(ledger.state("p-1")).contains("CAPTURED");

    // it has now, and the order was not among them: an orphan
    intake.ordersTakenIn = true;
    Map<String, Object> refunded = worker.settle(graceOver("p-1", "o-1"));
    assertThat(refunded).containsEntry(PaymentProcess.VAR_SETTLEMENT, "refund");
    assertThat((String) refunded.get(PaymentProcess.VAR_REFUND_REASON)).contains("no order o-1");
  }

  @Test
  void paymentWhoseOrderArrived_waitsForItsOrdersDecision_withoutAskingKafka() {
    ledger.record(payment("p-1", "o-1", PLACED));
    ledger.orderArrived("o-1");
    StubIntake intake = new StubIntake();

    Map<String, Object> waiting =
        new SettlePaymentWorker(ledger, intake, WINDOWS).settle(graceOver("p-1", "o-1"));

    assertThat(waiting)
        .containsEntry(PaymentProcess.VAR_SETTLEMENT, "wait")
        .containsEntry(PaymentProcess.VAR_SETTLE_AGAIN_AFTER, "PT1H");
    assertThat(intake.askedUpTo).isNull();
  }

  @Test
  void paymentOfARejectedOrder_isRefunded() {
    ledger.openWindow("o-1", DEADLINE);
    ledger.record(payment("p-1", "o-1", PLACED));
    ledger.rejectOrder("o-1");

    assertThat(ledger.claim("o-1")).isEmpty();
    assertThat(ledger.settle("p-1", false).refundReason()).contains("rejected");
  }

  @Test
  void paymentRegisteredTwice_isOwnedByTheFirstPaymentProcess() {
    assertThat(ledger.register(payment("p-1", "o-1", PLACED), 1L)).isTrue();
    assertThat(ledger.register(payment("p-1", "o-1", PLACED), 1L)).isTrue();
    assertThat(ledger.register(payment("p-1", "o-1", PLACED), 2L)).isFalse();
  }

  @Test
  void deskRefund_cancelsTheOrder_andAnotherPaymentIsRefundedAsCancelled() {
    ledger.openWindow("o-1", DEADLINE);
    ledger.record(payment("p-1", "o-1", PLACED));
    ledger.record(payment("p-2", "o-1", PLACED.plusSeconds(5)));
    ledger.claim("o-1");
    ledger.refundedByDesk("o-1", "p-1", "paid the wrong amount");

    assertThat(ledger.state("p-1")).contains("REFUNDED");
    assertThat(ledger.settle("p-1", true).settlement()).isEqualTo("applied");
    assertThat(ledger.settle("p-2", true).refundReason()).contains("cancelled");
  }

  private static PaymentVariables graceOver(String paymentId, String orderId) {
    return new PaymentVariables(
        orderId,
        paymentId,
        new BigDecimal("25.00"),
        PLACED.toString(),
        null,
        null,
        true,
        PLACED.plus(GRACE).toString());
  }

  /** The bridge's intake as a test sets it: orders taken in or not; remembers the time asked. */
  static final class StubIntake implements PaymentIntake {
    boolean ordersTakenIn;
    Instant askedUpTo;

    @Override
    public boolean takenInUpTo(String orderId, Instant time) {
      return true;
    }

    @Override
    public boolean ordersTakenInUpTo(String orderId, Instant time) {
      askedUpTo = time;
      return ordersTakenIn;
    }
  }

  private static PaymentLedger.CapturedPayment payment(
      String paymentId, String orderId, Instant capturedAt) {
    return new PaymentLedger.CapturedPayment(
        paymentId, orderId, new BigDecimal("25.00"), capturedAt);
  }
}
