package dev.orderflow.payment;

/**
 * The names that {@code bpmn/payment.bpmn} and the code share. Each captured payment starts one
 * instance (message {@value #MESSAGE_PAYMENT_RECEIVED}, correlation key = the payment id), which
 * ends when its order has applied the payment or the payment is refunded.
 */
public final class PaymentProcess {

  public static final String PROCESS_ID = "payment";

  public static final String MESSAGE_PAYMENT_RECEIVED = "PaymentReceived";

  /**
   * Published (correlation key = the payment id) for each of an order's payments when the order
   * decides: applied a payment, closed its window unpaid, was rejected or cancelled. It wakes a
   * payment that waits for its order, instead of the payment looking again and again.
   */
  public static final String MESSAGE_ORDER_DECIDED = "OrderDecided";

  public static final String JOB_REGISTER_PAYMENT = "register-payment";
  public static final String JOB_SETTLE_PAYMENT = "settle-payment";
  public static final String JOB_REFUND_PAYMENT = "refund-payment";

  public static final String ERROR_DUPLICATE_PAYMENT = "DUPLICATE_PAYMENT";

  public static final String START_PAYMENT_RECEIVED = "PaymentReceivedStartEvent";
  public static final String TASK_REGISTER_PAYMENT = "RegisterPaymentTask";
  public static final String END_DUPLICATE_PAYMENT = "DuplicatePaymentEndEvent";
  public static final String TASK_SETTLE_PAYMENT = "SettlePaymentTask";
  public static final String GATEWAY_SETTLEMENT = "SettlementGateway";
  public static final String END_PAYMENT_APPLIED = "PaymentAppliedEndEvent";
  public static final String TASK_REFUND_PAYMENT = "RefundPaymentTask";
  public static final String END_PAYMENT_REFUNDED = "PaymentRefundedEndEvent";
  public static final String GATEWAY_WAIT_FOR_ORDER = "WaitForOrderGateway";
  public static final String EVENT_ORDER_DECIDED = "OrderDecidedEvent";
  public static final String TIMER_SETTLE_AGAIN = "SettleAgainTimerEvent";

  public static final String VAR_SETTLEMENT = "settlement";
  public static final String VAR_REFUND_REASON = "refundReason";
  public static final String VAR_CANCELS_ORDER = "cancelsOrder";
  public static final String VAR_ORPHAN_GRACE_ENDS_AT = "orphanGraceEndsAt";
  public static final String VAR_ORPHAN_GRACE_ELAPSED = "orphanGraceElapsed";

  /** ISO-8601 duration: when a waiting payment whose grace is over settles again on its own. */
  public static final String VAR_SETTLE_AGAIN_AFTER = "settleAgainAfter";

  /** Values of {@value #VAR_SETTLEMENT}. */
  public static final String SETTLEMENT_APPLIED = "applied";

  public static final String SETTLEMENT_REFUND = "refund";
  public static final String SETTLEMENT_WAIT = "wait";

  private PaymentProcess() {}
}
