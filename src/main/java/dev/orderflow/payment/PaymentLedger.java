package dev.orderflow.payment;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where every captured payment is, and each order's payment window (tables {@code payment} and
 * {@code payment_window}). The decisions that must happen once — a payment applied to its order, a
 * window closed unpaid, a payment refunded — are conditional updates, so two workers racing (an
 * order claiming while its payment's process refunds, a retried job) cannot both win.
 *
 * <p>Payment states: {@code CAPTURED} (seen, not yet decided), {@code APPLIED} (the order's
 * payment), {@code REFUNDING} (decided: refund; the event is being published), {@code REFUNDED}.
 * Window states: {@code OPEN}, {@code PAID} (by {@code paid_by}), {@code CLOSED} (unpaid: the order
 * times out), {@code REJECTED}, {@code CANCELLED} (the desk refunded the applied payment).
 */
@Service
public class PaymentLedger {

  /** A payment as the payment service reported it. */
  public record CapturedPayment(
      String paymentId, String orderId, BigDecimal amount, Instant capturedAt) {}

  /** What the payment process does with its payment next. */
  public record Settlement(String settlement, String refundReason, Boolean cancelsOrder) {

    static Settlement applied() {
      return new Settlement(PaymentProcess.SETTLEMENT_APPLIED, null, null);
    }

    static Settlement waiting() {
      return new Settlement(PaymentProcess.SETTLEMENT_WAIT, null, null);
    }

    static Settlement refund(String reason, boolean cancelsOrder) {
      return new Settlement(PaymentProcess.SETTLEMENT_REFUND, reason, cancelsOrder);
    }
  }

  private record Window(String state, Instant deadline, String paidBy) {}

  private record Row(
      String paymentId,
      String orderId,
      BigDecimal amount,
      Instant capturedAt,
      String state,
      String refundReason,
      Boolean cancelsOrder,
      Long processInstanceKey) {

    CapturedPayment payment() {
      return new CapturedPayment(paymentId, orderId, amount, capturedAt);
    }
  }

  private final JdbcClient jdbc;
  private final Clock clock;

  public PaymentLedger(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** Records the payment if it is not known yet (idempotent). */
  public void record(CapturedPayment payment) {
    if (row(payment.paymentId()).isPresent()) {
      return;
    }
    try {
      jdbc.sql(
              "INSERT INTO payment (payment_id, order_id, amount, captured_at, state, updated_at)"
                  + " VALUES (:id, :order, :amount, :captured, 'CAPTURED', :now)")
          .param("id", payment.paymentId())
          .param("order", payment.orderId())
          .param("amount", payment.amount())
          .param("captured", Timestamp.from(payment.capturedAt()))
          .param("now", now())
          .update();
    } catch (DuplicateKeyException raced) {
      // recorded at the same moment by the order or the payment's own process: the same facts
    }
  }

  /**
   * Records the payment and makes this payment process its owner.
   *
   * @return false if another payment process owns it (a redelivered record started this one)
   */
  public boolean register(CapturedPayment payment, long processInstanceKey) {
    record(payment);
    jdbc.sql(
            "UPDATE payment SET process_instance_key = :instance"
                + " WHERE payment_id = :id AND process_instance_key IS NULL")
        .param("instance", processInstanceKey)
        .param("id", payment.paymentId())
        .update();
    return row(payment.paymentId()).orElseThrow().processInstanceKey() == processInstanceKey;
  }

  /** The engine accepted the order's OrderPlaced: its order process exists (idempotent). */
  public void orderArrived(String orderId) {
    try {
      jdbc.sql(
              "INSERT INTO order_arrival (order_id, arrived_at) SELECT :order, :now"
                  + " WHERE NOT EXISTS (SELECT 1 FROM order_arrival WHERE order_id = :order)")
          .param("order", orderId)
          .param("now", now())
          .update();
    } catch (DuplicateKeyException raced) {
      // recorded by a concurrent redelivery of the same record
    }
  }

  /**
   * Opens the order's payment window (idempotent: a retried reservation keeps the first).
   *
   * @return the window's deadline: this one, or the one it was first opened with
   */
  public Instant openWindow(String orderId, Instant deadline) {
    Optional<Window> open = window(orderId);
    if (open.isPresent()) {
      return open.get().deadline() == null ? deadline : open.get().deadline();
    }
    try {
      jdbc.sql(
              "INSERT INTO payment_window (order_id, deadline, state, updated_at)"
                  + " VALUES (:order, :deadline, 'OPEN', :now)")
          .param("order", orderId)
          .param("deadline", Timestamp.from(deadline))
          .param("now", now())
          .update();
    } catch (DuplicateKeyException raced) {
      // opened by a concurrent attempt of the same job
    }
    return deadline;
  }

  /**
   * Applies a payment to the order, if it has none yet: the one already applied, or else the
   * earliest payment captured by the deadline that is not refunded. Empty if there is none, or the
   * window is no longer open.
   */
  @Transactional
  public Optional<CapturedPayment> claim(String orderId) {
    for (int attempt = 0; attempt < 3; attempt++) {
      Optional<Window> window = window(orderId);
      if (window.isEmpty()) {
        return Optional.empty();
      }
      if (window.get().state().equals("PAID")) {
        return row(window.get().paidBy()).map(Row::payment);
      }
      if (!window.get().state().equals("OPEN")) {
        return Optional.empty();
      }
      List<String> candidates =
          jdbc.sql(
                  "SELECT payment_id FROM payment WHERE order_id = :order AND state = 'CAPTURED'"
                      + " AND captured_at <= :deadline ORDER BY captured_at, payment_id")
              .param("order", orderId)
              .param("deadline", Timestamp.from(window.get().deadline()))
              .query(String.class)
              .list();
      if (candidates.isEmpty()) {
        return Optional.empty();
      }
      String paymentId = candidates.getFirst();
      int paid =
          jdbc.sql(
                  "UPDATE payment_window SET state = 'PAID', paid_by = :payment, updated_at = :now"
                      + " WHERE order_id = :order AND state = 'OPEN'")
              .param("payment", paymentId)
              .param("now", now())
              .param("order", orderId)
              .update();
      if (paid == 0) {
        continue; // the window changed meanwhile: look again
      }
      int applied =
          jdbc.sql(
                  "UPDATE payment SET state = 'APPLIED', updated_at = :now"
                      + " WHERE payment_id = :id AND state = 'CAPTURED'")
              .param("now", now())
              .param("id", paymentId)
              .update();
      if (applied == 1) {
        return row(paymentId).map(Row::payment);
      }
      // its own process decided to refund it a moment ago: reopen and take the next one
      jdbc.sql(
              "UPDATE payment_window SET state = 'OPEN', paid_by = NULL"
                  + " WHERE order_id = :order AND paid_by = :payment")
          .param("order", orderId)
          .param("payment", paymentId)
          .update();
    }
    throw new IllegalStateException("could not claim a payment for order " + orderId);
  }

  /**
   * Closes the order's window unpaid, unless a payment was applied meanwhile.
   *
   * @return the applied payment if the order is paid after all; empty if the window is closed
   */
  @Transactional
  public Optional<CapturedPayment> closeUnpaid(String orderId) {
    // the window's row is locked until the decision commits: a concurrent claim waits for it
    jdbc.sql("SELECT state FROM payment_window WHERE order_id = :order FOR UPDATE")
        .param("order", orderId)
        .query(String.class)
        .optional();
    Optional<CapturedPayment> paid = claim(orderId);
    if (paid.isPresent()) {
      return paid;
    }
    jdbc.sql(
            "UPDATE payment_window SET state = 'CLOSED', updated_at = :now"
                + " WHERE order_id = :order AND state = 'OPEN'")
        .param("now", now())
        .param("order", orderId)
        .update();
    return Optional.empty();
  }

  /** The order was rejected: its payments, if any come, are refunded. */
  public void rejectOrder(String orderId) {
    int updated =
        jdbc.sql(
                "UPDATE payment_window SET state = 'REJECTED', updated_at = :now"
                    + " WHERE order_id = :order AND state = 'OPEN'")
            .param("now", now())
            .param("order", orderId)
            .update();
    if (updated == 0 && window(orderId).isEmpty()) {
      try {
        jdbc.sql(
                "INSERT INTO payment_window (order_id, state, updated_at)"
                    + " VALUES (:order, 'REJECTED', :now)")
            .param("order", orderId)
            .param("now", now())
            .update();
      } catch (DuplicateKeyException raced) {
        rejectOrder(orderId);
      }
    }
  }

  /** The order desk refunded the order's applied payment and cancelled the order. */
  @Transactional
  public void refundedByDesk(String orderId, String paymentId, String reason) {
    jdbc.sql(
            "UPDATE payment SET state = 'REFUNDED', refund_reason = :reason, cancels_order = TRUE,"
                + " updated_at = :now WHERE payment_id = :id AND state = 'APPLIED'")
        .param("reason", reason)
        .param("now", now())
        .param("id", paymentId)
        .update();
    jdbc.sql(
            "UPDATE payment_window SET state = 'CANCELLED', updated_at = :now"
                + " WHERE order_id = :order AND state = 'PAID'")
        .param("now", now())
        .param("order", orderId)
        .update();
  }

  /**
   * Decides what becomes of a payment that its order has not applied: wait (its order is still
   * open, or not placed yet and the grace has not elapsed), or refund, once, with the reason.
   *
   * @param orphanGraceElapsed the grace is over and no record of its order stamped within it can
   *     still be on its way; the payment is then an orphan unless its order has arrived meanwhile
   */
  @Transactional
  public Settlement settle(String paymentId, boolean orphanGraceElapsed) {
    Row payment =
        row(paymentId).orElseThrow(() -> new IllegalStateException("unknown payment " + paymentId));
    switch (payment.state()) {
      case "APPLIED":
        return Settlement.applied();
      case "REFUNDING":
        return Settlement.refund(
            payment.refundReason(), Boolean.TRUE.equals(payment.cancelsOrder()));
      case "REFUNDED":
        // refunded by the order desk after its order had applied it
        return Settlement.applied();
      default:
        break;
    }
    Settlement decision =
        decide(
            payment, window(payment.orderId()), orphanGraceElapsed && !arrived(payment.orderId()));
    if (!decision.settlement().equals(PaymentProcess.SETTLEMENT_REFUND)) {
      return decision;
    }
    int marked =
        jdbc.sql(
                "UPDATE payment SET state = 'REFUNDING', refund_reason = :reason,"
                    + " cancels_order = :cancels, updated_at = :now"
                    + " WHERE payment_id = :id AND state = 'CAPTURED'")
            .param("reason", decision.refundReason())
            .param("cancels", decision.cancelsOrder())
            .param("now", now())
            .param("id", paymentId)
            .update();
    return marked == 1 ? decision : settle(paymentId, orphanGraceElapsed);
  }

  /**
   * @param orphaned the orphan grace has elapsed and the order has not arrived: no order process
   *     exists for it
   */
  private static Settlement decide(Row payment, Optional<Window> window, boolean orphaned) {
    String order = payment.orderId();
    if (window.isEmpty()) {
      // no window yet: not placed (refund once the grace is over), or placed and not reserved yet
      return orphaned
          ? Settlement.refund("no order " + order + " was placed within the grace period", true)
          : Settlement.waiting();
    }
    return switch (window.get().state()) {
      case "OPEN" -> Settlement.waiting();
      case "PAID" ->
          Settlement.refund(
              "order " + order + " is already paid (payment " + window.get().paidBy() + ")", false);
      case "CLOSED" ->
          payment.capturedAt().isAfter(window.get().deadline())
              ? Settlement.refund(
                  "captured at "
                      + payment.capturedAt()
                      + ", after the payment window of order "
                      + order
                      + " ended at "
                      + window.get().deadline(),
                  true)
              : Settlement.refund(
                  "reached us after order " + order + " had timed out unpaid", true);
      case "REJECTED" -> Settlement.refund("order " + order + " was rejected", true);
      case "CANCELLED" -> Settlement.refund("order " + order + " was cancelled", true);
      default ->
          throw new IllegalStateException(
              "order " + order + " has an unknown window state " + window.get().state());
    };
  }

  /** The refund of a payment was published. */
  public void refunded(String paymentId) {
    jdbc.sql(
            "UPDATE payment SET state = 'REFUNDED', updated_at = :now"
                + " WHERE payment_id = :id AND state = 'REFUNDING'")
        .param("now", now())
        .param("id", paymentId)
        .update();
  }

  /**
   * The payments of an order whose own process may be waiting for the order's decision: registered
   * by their process, and not yet decided for a refund.
   */
  public List<String> awaitingTheirOrder(String orderId) {
    return jdbc.sql(
            "SELECT payment_id FROM payment WHERE order_id = :order"
                + " AND state IN ('CAPTURED', 'APPLIED') AND process_instance_key IS NOT NULL"
                + " ORDER BY payment_id")
        .param("order", orderId)
        .query(String.class)
        .list();
  }

  /** Whether the order has arrived (its OrderPlaced accepted) or has a payment window. */
  public boolean knows(String orderId) {
    return arrived(orderId) || window(orderId).isPresent();
  }

  private boolean arrived(String orderId) {
    return jdbc.sql("SELECT 1 FROM order_arrival WHERE order_id = :order")
        .param("order", orderId)
        .query(Integer.class)
        .optional()
        .isPresent();
  }

  /** The payment's state, for tests and operators. */
  public Optional<String> state(String paymentId) {
    return row(paymentId).map(Row::state);
  }

  private Optional<Row> row(String paymentId) {
    return jdbc.sql(
            "SELECT payment_id, order_id, amount, captured_at, state, refund_reason,"
                + " cancels_order, process_instance_key FROM payment WHERE payment_id = :id")
        .param("id", paymentId)
        .query(
            (rs, n) ->
                new Row(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getBigDecimal(3),
                    rs.getTimestamp(4).toInstant(),
                    rs.getString(5),
                    rs.getString(6),
                    (Boolean) rs.getObject(7),
                    (Long) rs.getObject(8)))
        .optional();
  }

  private Optional<Window> window(String orderId) {
    return jdbc.sql("SELECT state, deadline, paid_by FROM payment_window WHERE order_id = :order")
        .param("order", orderId)
        .query(
            (rs, n) -> {
              Timestamp deadline = rs.getTimestamp(2);
              return new Window(
                  rs.getString(1), deadline == null ? null : deadline.toInstant(), rs.getString(3));
            })
        .optional();
  }

  private Timestamp now() {
    return Timestamp.from(clock.instant());
  }
}
