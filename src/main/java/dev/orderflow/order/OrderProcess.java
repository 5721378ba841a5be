package dev.orderflow.order;

/**
 * The names that {@code bpmn/order-process.bpmn} and the code share: process id, messages, job
 * types, error codes, element ids and variables. Tests use the same constants.
 */
public final class OrderProcess {

  public static final String PROCESS_ID = "order-process";

  public static final String MESSAGE_ORDER_PLACED = "OrderPlaced";
  public static final String MESSAGE_PAYMENT_CAPTURED = "PaymentCaptured";

  public static final String JOB_RESERVE_INVENTORY = "reserve-inventory";
  public static final String JOB_RELEASE_INVENTORY = "release-inventory";
  public static final String JOB_REJECT_ORDER = "reject-order";
  public static final String JOB_CHECK_PAYMENT = "check-payment";
  public static final String JOB_REQUEST_REFUND = "request-refund";
  public static final String JOB_CLAIM_PAYMENT = "claim-payment";
  public static final String JOB_CLOSE_PAYMENT_WINDOW = "close-payment-window";

  public static final String ERROR_OUT_OF_STOCK = "OUT_OF_STOCK";
  public static final String ERROR_INVALID_ORDER = "INVALID_ORDER";
  public static final String ERROR_DUPLICATE_ORDER = "DUPLICATE_ORDER";

  public static final String START_ORDER_PLACED = "OrderPlacedStartEvent";
  public static final String GATEWAY_RESERVE_MERGE = "ReserveMergeGateway";
  public static final String TASK_RESERVE_INVENTORY = "ReserveInventoryTask";
  public static final String BOUNDARY_OUT_OF_STOCK = "OutOfStockBoundaryEvent";
  public static final String BOUNDARY_INVALID_ORDER = "InvalidOrderBoundaryEvent";
  public static final String BOUNDARY_DUPLICATE_ORDER = "DuplicateOrderBoundaryEvent";
  public static final String END_DUPLICATE_ORDER = "DuplicateOrderEndEvent";
  public static final String USER_TASK_RESOLVE_STOCK_SHORTAGE = "ResolveStockShortageTask";
  public static final String GATEWAY_SHORTAGE_DECISION = "ShortageDecisionGateway";
  public static final String TASK_REJECT_ORDER = "RejectOrderTask";

  /**
   * The outcome events are published by the model's Kafka connector tasks (job type {@value
   * dev.orderflow.kafka.KafkaConnectorWorker#TYPE}): these three, and {@code RefundRequested} by
   * {@value #JOB_REQUEST_REFUND}.
   */
  public static final String TASK_PUBLISH_ORDER_REJECTED = "PublishOrderRejectedTask";

  public static final String END_ORDER_REJECTED = "OrderRejectedEndEvent";
  public static final String GATEWAY_AWAIT_PAYMENT_MERGE = "AwaitPaymentMergeGateway";
  public static final String SUBPROCESS_AWAIT_PAYMENT = "AwaitPaymentSubprocess";
  public static final String TASK_CLAIM_PAYMENT = "ClaimPaymentTask";
  public static final String GATEWAY_PAYMENT_FOUND = "PaymentFoundGateway";
  public static final String END_PAYMENT_FOUND = "PaymentFoundEndEvent";
  public static final String TIMER_PAYMENT_WINDOW_ENDS = "PaymentWindowEndsTimerEvent";
  public static final String GATEWAY_CLOSE_WINDOW_MERGE = "CloseWindowMergeGateway";
  public static final String TASK_CLOSE_PAYMENT_WINDOW = "ClosePaymentWindowTask";
  public static final String GATEWAY_WINDOW_CLOSED = "WindowClosedGateway";
  public static final String END_WINDOW_DECIDED = "WindowDecidedEndEvent";
  public static final String TIMER_PAYMENTS_IN_FLIGHT = "PaymentsInFlightTimerEvent";
  public static final String EVENT_SUBPROCESS_PAYMENT_CAPTURED = "PaymentCapturedEventSubprocess";

  /** The message catch of the payment: the event subprocess's message start event. */
  public static final String CATCH_PAYMENT_CAPTURED = "PaymentCapturedStartEvent";

  public static final String TASK_CLAIM_CAPTURED_PAYMENT = "ClaimCapturedPaymentTask";
  public static final String END_PAYMENT_CAPTURED = "PaymentCapturedEndEvent";
  public static final String GATEWAY_PAYMENT_OUTCOME = "PaymentOutcomeGateway";
  public static final String TASK_CHECK_PAYMENT = "CheckPaymentTask";
  public static final String GATEWAY_PAYMENT_CHECK = "PaymentCheckGateway";
  public static final String USER_TASK_REVIEW_PAYMENT = "ReviewPaymentTask";
  public static final String GATEWAY_PAYMENT_DECISION = "PaymentDecisionGateway";
  public static final String TASK_REQUEST_REFUND = "RequestRefundTask";
  public static final String THROW_COMPENSATE_ON_REFUND = "CompensateOnRefundEvent";
  public static final String END_ORDER_CANCELLED = "OrderCancelledEndEvent";
  public static final String TASK_PUBLISH_ORDER_CONFIRMED = "PublishOrderConfirmedTask";
  public static final String END_ORDER_CONFIRMED = "OrderConfirmedEndEvent";
  public static final String THROW_COMPENSATE_RESERVATION = "CompensateReservationEvent";
  public static final String TASK_RELEASE_INVENTORY = "ReleaseInventoryTask";
  public static final String TASK_PUBLISH_ORDER_TIMED_OUT = "PublishOrderTimedOutTask";
  public static final String END_ORDER_TIMED_OUT = "OrderTimedOutEndEvent";

  public static final String VAR_ORDER_ID = "orderId";

  /**
   * No longer read by the process (the deadline is computed from the validated setting); kept for
   * the benchmark harness, which still sends it.
   */
  public static final String VAR_PAYMENT_TIMEOUT = "paymentTimeout";

  public static final String VAR_PLACED_AT = "placedAt";
  public static final String VAR_CAPTURED_AT = "capturedAt";
  public static final String VAR_PAYMENT_ID = "paymentId";
  public static final String VAR_AMOUNT = "amount";
  public static final String VAR_PAYMENT_DEADLINE = "paymentDeadline";
  public static final String VAR_WINDOW_CLOSES_AT = "paymentWindowClosesAt";
  public static final String VAR_PAYMENT_RECHECK = "paymentRecheck";
  public static final String VAR_PAYMENT_CLAIMED = "paymentClaimed";
  public static final String VAR_WINDOW_CLOSED = "paymentWindowClosed";
  public static final String VAR_REJECTION_REASON = "rejectionReason";
  public static final String VAR_SHORTAGES = "shortages";
  public static final String VAR_PAYMENT_MATCHES = "paymentMatches";
  public static final String VAR_DESK_GROUPS = "deskGroups";
  public static final String VAR_DESK_DUE_DATE = "deskDueDate";
  public static final String VAR_DESK_FOLLOW_UP_DATE = "deskFollowUpDate";

  /** Form ids (forms/*.form) and the variables their fields write. */
  public static final String FORM_RESOLVE_STOCK_SHORTAGE = "resolve-stock-shortage";

  public static final String FORM_REVIEW_PAYMENT = "review-payment";
  public static final String VAR_SHORTAGE_DECISION = "shortageDecision";
  public static final String VAR_PAYMENT_DECISION = "paymentDecision";
  public static final String VAR_REFUND_REASON = "refundReason";
  public static final String DECISION_RETRY = "retry";
  public static final String DECISION_REJECT = "reject";
  public static final String DECISION_ACCEPT = "accept";
  public static final String DECISION_REFUND = "refund";

  private OrderProcess() {}
}
