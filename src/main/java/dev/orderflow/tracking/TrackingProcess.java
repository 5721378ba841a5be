package dev.orderflow.tracking;

/**
 * The names that {@code bpmn/order-tracking.bpmn} and the code share: process id, messages, job
 * types, error code, element ids and variables. Tests use the same constants.
 */
public final class TrackingProcess {

  public static final String PROCESS_ID = "order-tracking";

  /** The milestone messages; the first two are the order process's messages, too. */
  public static final String MESSAGE_ORDER_PLACED = "OrderPlaced";

  public static final String MESSAGE_PAYMENT_CAPTURED = "PaymentCaptured";
  public static final String MESSAGE_SHIPMENT_DISPATCHED = "ShipmentDispatched";
  public static final String MESSAGE_SHIPMENT_DELIVERED = "ShipmentDelivered";

  /**
   * The order's outcome events from {@code orders.events} (route {@code order-outcome}): one
   * message name for all of them, the event's {@code type} and {@code cancelsOrder} as variables.
   */
  public static final String MESSAGE_ORDER_OUTCOME = "OrderOutcome";

  public static final String JOB_LOAD_TRACKING_SETTINGS = "load-tracking-settings";
  public static final String JOB_MEASURE_FULFILMENT = "measure-fulfilment";
  public static final String JOB_MEASURE_TRACKING_LEGS = "measure-tracking-legs";

  public static final String ERROR_DUPLICATE_TRACKING = "DUPLICATE_TRACKING";

  /** Thrown inside the tracking when an outcome says the order will not ship. */
  public static final String ESCALATION_ORDER_ENDED = "ORDER_ENDED";

  public static final String START_PLACED = "PlacedStartEvent";
  public static final String START_PAID = "PaidStartEvent";
  public static final String START_DISPATCHED = "DispatchedStartEvent";
  public static final String START_DELIVERED = "DeliveredStartEvent";
  public static final String GATEWAY_START_MERGE = "StartMergeGateway";
  public static final String TASK_LOAD_TRACKING_SETTINGS = "LoadTrackingSettingsTask";
  public static final String BOUNDARY_DUPLICATE_TRACKING = "DuplicateTrackingBoundaryEvent";
  public static final String END_DUPLICATE_TRACKING = "DuplicateTrackingEndEvent";
  public static final String SUBPROCESS_TRACK_MILESTONES = "TrackMilestonesSubprocess";
  public static final String START_TRACK_MILESTONES = "TrackMilestonesStartEvent";
  public static final String GATEWAY_SPLIT = "TrackingSplitGateway";
  public static final String GATEWAY_PLACED_SEEN = "PlacedSeenGateway";
  public static final String GATEWAY_PAID_SEEN = "PaidSeenGateway";
  public static final String GATEWAY_DISPATCHED_SEEN = "DispatchedSeenGateway";
  public static final String GATEWAY_DELIVERED_SEEN = "DeliveredSeenGateway";
  public static final String TASK_AWAIT_PLACED = "AwaitPlacedTask";
  public static final String TASK_AWAIT_PAID = "AwaitPaidTask";
  public static final String TASK_AWAIT_DISPATCHED = "AwaitDispatchedTask";
  public static final String TASK_AWAIT_DELIVERED = "AwaitDeliveredTask";
  public static final String BOUNDARY_PAYMENT_SLA = "PaymentSlaBoundaryEvent";
  public static final String BOUNDARY_DISPATCH_SLA = "DispatchSlaBoundaryEvent";
  public static final String BOUNDARY_DELIVERY_SLA = "DeliverySlaBoundaryEvent";

  /**
   * The warning and summary events are published by the model's Kafka connector tasks (job type
   * {@value dev.orderflow.kafka.KafkaConnectorWorker#TYPE}), with event ids stable per order (and
   * milestone): these six.
   */
  public static final String TASK_PUBLISH_PAYMENT_SLA_BREACHED = "PublishPaymentSlaBreachedTask";

  public static final String TASK_PUBLISH_DISPATCH_SLA_BREACHED = "PublishDispatchSlaBreachedTask";
  public static final String TASK_PUBLISH_DELIVERY_SLA_BREACHED = "PublishDeliverySlaBreachedTask";
  public static final String END_PAYMENT_SLA_BREACHED = "PaymentSlaBreachedEndEvent";
  public static final String END_DISPATCH_SLA_BREACHED = "DispatchSlaBreachedEndEvent";
  public static final String END_DELIVERY_SLA_BREACHED = "DeliverySlaBreachedEndEvent";
  public static final String GATEWAY_JOIN = "TrackingJoinGateway";
  public static final String END_ALL_MILESTONES_IN = "AllMilestonesInEndEvent";
  public static final String EVENT_SUBPROCESS_ORDER_OUTCOME = "OrderOutcomeEventSubprocess";
  public static final String START_ORDER_OUTCOME = "OrderOutcomeStartEvent";
  public static final String GATEWAY_ORDER_ENDED = "OrderEndedGateway";
  public static final String END_ORDER_ENDED_ESCALATION = "OrderEndedEscalationEndEvent";
  public static final String END_ORDER_GOES_ON = "OrderGoesOnEndEvent";
  public static final String BOUNDARY_ORDER_ENDED = "OrderEndedBoundaryEvent";
  public static final String TASK_MEASURE_LEGS_ON_OUTCOME = "MeasureLegsOnOutcomeTask";
  public static final String TASK_PUBLISH_TRACKING_ENDED_ON_OUTCOME =
      "PublishTrackingEndedOnOutcomeTask";
  public static final String END_TRACKING_ENDED_ON_OUTCOME = "TrackingEndedOnOutcomeEndEvent";
  public static final String BOUNDARY_HORIZON = "HorizonBoundaryEvent";
  public static final String TASK_MEASURE_LEGS_AT_HORIZON = "MeasureLegsAtHorizonTask";
  public static final String TASK_PUBLISH_TRACKING_ENDED_AT_HORIZON =
      "PublishTrackingEndedAtHorizonTask";
  public static final String END_TRACKING_ENDED_AT_HORIZON = "TrackingEndedAtHorizonEndEvent";
  public static final String TASK_MEASURE_FULFILMENT = "MeasureFulfilmentTask";
  public static final String TASK_PUBLISH_FULFILMENT_TRACKED = "PublishFulfilmentTrackedTask";
  public static final String END_FULFILMENT_TRACKED = "FulfilmentTrackedEndEvent";

  public static final String VAR_ORDER_ID = "orderId";

  /** When each milestone was seen: the engine clock at the message's correlation (FEEL now()). */
  public static final String VAR_PLACED_AT = "placedAt";

  public static final String VAR_PAID_AT = "paidAt";
  public static final String VAR_DISPATCHED_AT = "dispatchedAt";
  public static final String VAR_DELIVERED_AT = "deliveredAt";
  public static final String VAR_CARRIER = "carrier";
  public static final String VAR_TRACKING_NUMBER = "trackingNumber";

  /** The SLA durations, set by {@value #JOB_LOAD_TRACKING_SETTINGS} from configuration. */
  public static final String VAR_SLA_PAYMENT = "slaPayment";

  public static final String VAR_SLA_DISPATCH = "slaDispatch";
  public static final String VAR_SLA_DELIVERY = "slaDelivery";

  /** How long tracking waits at most, set by {@value #JOB_LOAD_TRACKING_SETTINGS}. */
  public static final String VAR_TRACKING_HORIZON = "trackingHorizon";

  /** The last outcome event seen ({@code type}), and its {@code cancelsOrder} (null if absent). */
  public static final String VAR_OUTCOME = "outcome";

  public static final String VAR_OUTCOME_CANCELS_ORDER = "outcomeCancelsOrder";

  /** The measured legs, ISO-8601 durations, set when the chain is complete. */
  public static final String VAR_PLACED_TO_PAID = "placedToPaid";

  public static final String VAR_PAID_TO_DISPATCHED = "paidToDispatched";
  public static final String VAR_DISPATCHED_TO_DELIVERED = "dispatchedToDelivered";
  public static final String VAR_PLACED_TO_DELIVERED = "placedToDelivered";

  /**
   * When tracking ends without a delivery ({@value #JOB_MEASURE_TRACKING_LEGS}): the milestones
   * seen ({@code placed}, {@code paid}, {@code dispatched}, {@code delivered}, in the order of the
   * chain) and the legs measured so far, by name, for {@code TrackingEnded}.
   */
  public static final String VAR_SEEN_MILESTONES = "seenMilestones";

  public static final String VAR_LEGS_SO_FAR = "legsSoFar";

  private TrackingProcess() {}
}
