package dev.orderflow.tracking;

import static dev.orderflow.tracking.TrackingProcess.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.kafka.KafkaConnectorWorker;
import dev.orderflow.order.OrderProcess;
import dev.orderflow.testing.EmbeddedEngine;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.process.test.assertions.ProcessInstanceAssert;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import io.grpc.Status;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One test per path of {@code bpmn/order-tracking.bpmn} on the embedded engine, with the test
 * playing the job workers; a fresh engine per test. Messages are published as the inbound bridge
 * does (message id = event id, the routes' TTLs, the order id as a variable). Timers run on the
 * engine clock: the SLAs are never shortened.
 */
class OrderTrackingProcessTest {

  private static final Duration ORDER_TTL = Duration.ofHours(2);
  private static final Duration SHIPMENT_TTL = Duration.ofHours(24);
  private static final Duration OUTCOME_TTL = Duration.ofHours(24);
  private static final Duration HORIZON = Duration.ofDays(30);

  /** Wall-clock time that passes between two steps of a test, on top of the engine's moves. */
  private static final Duration SLACK = Duration.ofMinutes(1);

  private EmbeddedEngine engine;
  private CamundaClient client;
  private String orderId;

  @BeforeEach
  void deploy() {
    engine = EmbeddedEngine.start();
    client = engine.newClient();
    client
        .newDeployResourceCommand()
        .addResourceFromClasspath("bpmn/order-tracking.bpmn")
        .send()
        .join();
    orderId = "order-" + UUID.randomUUID();
  }

  @AfterEach
  void stop() {
    client.close();
    engine.close();
  }

  @Test
  void inOrderChain_noWarningOneSummary() {
    placed("placed-" + orderId);
    long instance = trackingInstance();
    loadSettings();
    assertInstance(instance)
        .isWaitingAtElements(TASK_AWAIT_PAID, TASK_AWAIT_DISPATCHED, TASK_AWAIT_DELIVERED)
        .hasPassedElement(GATEWAY_PLACED_SEEN)
        .hasNotPassedElement(TASK_AWAIT_PLACED);

    engine.increaseTime(Duration.ofMinutes(30));
    paid("pay-" + orderId);
    engine.increaseTime(Duration.ofHours(5));
    dispatched("dispatch-" + orderId);
    engine.increaseTime(Duration.ofHours(48));
    delivered("deliver-" + orderId);

    FulfilmentLegs legs = completeSummary();
    engine.awaitIdle();

    // now() in the output mappings follows the engine clock: the legs are its moves
    assertThat(legs.placedToPaid())
        .isBetween(Duration.ofMinutes(30), Duration.ofMinutes(30).plus(SLACK));
    assertThat(legs.paidToDispatched())
        .isBetween(Duration.ofHours(5), Duration.ofHours(5).plus(SLACK));
    assertThat(legs.dispatchedToDelivered())
        .isBetween(Duration.ofHours(48), Duration.ofHours(48).plus(SLACK));
    assertThat(legs.placedToDelivered())
        .isEqualTo(
            legs.placedToPaid().plus(legs.paidToDispatched()).plus(legs.dispatchedToDelivered()));
    assertChainTracked(instance, legs);
    assertThat(slaBreachedJobs()).isZero();
    assertThat(engine.instancesStartedFor(PROCESS_ID, orderId))
        .as("the correlated messages, still buffered, start no second instance")
        .containsExactly(instance);
  }

  @Test
  void outOfOrderArrival_sameResult() {
    dispatched("dispatch-" + orderId);
    long instance = trackingInstance();
    // before tracking waits for it: held by its TTL, then correlated
    delivered("deliver-" + orderId);
    loadSettings();
    engine.increaseTime(Duration.ofMinutes(10));
    paid("pay-" + orderId);
    engine.increaseTime(Duration.ofMinutes(10));
    placed("placed-" + orderId);

    FulfilmentLegs legs = completeSummary();
    engine.awaitIdle();

    assertInstance(instance)
        .hasPassedElement(START_DISPATCHED)
        .hasNotPassedElement(TASK_AWAIT_DISPATCHED)
        .hasPassedElementsInOrder(TASK_AWAIT_DELIVERED, TASK_AWAIT_PAID, TASK_AWAIT_PLACED);
    assertThat(legs.placedToPaid()).as("seen in this order: negative").isNegative();
    assertThat(legs.paidToDispatched()).isNegative();
    assertThat(legs.dispatchedToDelivered()).isBetween(Duration.ZERO, SLACK);
    assertChainTracked(instance, legs);
    assertThat(slaBreachedJobs()).isZero();
    assertThat(engine.instancesStartedFor(PROCESS_ID, orderId)).containsExactly(instance);
  }

  @Test
  void duplicateEvents_sameResult() {
    placed("placed-" + orderId);
    long instance = trackingInstance();
    // redelivered before tracking even waits: the engine still knows the id
    assertAlreadyExists(() -> placed("placed-" + orderId));
    loadSettings();
    paid("pay-" + orderId);
    assertAlreadyExists(() -> paid("pay-" + orderId));
    dispatched("dispatch-" + orderId);
    assertAlreadyExists(() -> dispatched("dispatch-" + orderId));
    delivered("deliver-" + orderId);
    assertAlreadyExists(() -> delivered("deliver-" + orderId));

    FulfilmentLegs legs = completeSummary();
    engine.awaitIdle();

    assertChainTracked(instance, legs);
    assertInstance(instance)
        .hasPassedElement(START_PLACED, 1)
        .hasCorrelatedMessageByName(MESSAGE_PAYMENT_CAPTURED, 1)
        .hasCorrelatedMessageByName(MESSAGE_SHIPMENT_DISPATCHED, 1)
        .hasCorrelatedMessageByName(MESSAGE_SHIPMENT_DELIVERED, 1);
    assertThat(slaBreachedJobs()).isZero();
    // and after the chain, while the ids are still buffered
    assertAlreadyExists(() -> dispatched("dispatch-" + orderId));
    engine.awaitIdle();
    assertThat(engine.instancesStartedFor(PROCESS_ID, orderId)).containsExactly(instance);
  }

  @Test
  void repeatWithANewEventId_isHeldWhileTrackingRuns_thenStartsAnInstanceThatEndsAsDuplicate() {
    placed("placed-" + orderId);
    long instance = trackingInstance();
    loadSettings();
    paid("pay-" + orderId);
    // the payment service emits the same fact again, with a new event id: nobody waits for it
    // and one instance per order is active, so the engine buffers it (TTL)
    paid("pay-again-" + orderId);
    engine.awaitIdle();
    assertThat(engine.instancesStartedFor(PROCESS_ID, orderId)).containsExactly(instance);
    dispatched("dispatch-" + orderId);
    delivered("deliver-" + orderId);
    assertChainTracked(instance, completeSummary());

    // Once the instance has ended, the engine starts a new one with the buffered message...
    List<Long> instances = awaitInstances(2);
    long repeat = instances.get(1);
    // ...which finds the order tracked by the first (TrackingRegistry) and ends, with no event
    client
        .newThrowErrorCommand(awaitJob(JOB_LOAD_TRACKING_SETTINGS))
        .errorCode(ERROR_DUPLICATE_TRACKING)
        .errorMessage("order " + orderId + " is tracked by instance " + instance)
        .send()
        .join();
    engine.awaitIdle();

    assertInstance(repeat)
        .hasPassedElementsInOrder(START_PAID, BOUNDARY_DUPLICATE_TRACKING, END_DUPLICATE_TRACKING)
        .hasNotPassedElement(GATEWAY_SPLIT)
        .isCompleted();
    assertThat(activate(JOB_MEASURE_FULFILMENT)).isEmpty();
    assertThat(slaBreachedJobs()).isZero();
    assertThat(engine.instancesStartedFor(PROCESS_ID, orderId)).hasSize(2);
  }

  @Test
  void missingDispatch_exactlyOneSlaBreachedAfter24Hours_thenLateDispatchCompletesTheChain() {
    placed("placed-" + orderId);
    long instance = trackingInstance();
    loadSettings();
    paid("pay-" + orderId);

    engine.increaseTime(Duration.ofHours(24).minusMinutes(1));
    engine.awaitIdle();
    assertThat(activate(KafkaConnectorWorker.TYPE)).isEmpty();

    engine.increaseTime(Duration.ofMinutes(1));
    assertWarning(Milestone.DISPATCH);
    engine.awaitIdle();
    assertInstance(instance)
        .hasPassedElementsInOrder(
            BOUNDARY_DISPATCH_SLA, TASK_PUBLISH_DISPATCH_SLA_BREACHED, END_DISPATCH_SLA_BREACHED)
        .isWaitingAtElements(TASK_AWAIT_DISPATCHED, TASK_AWAIT_DELIVERED);

    // the timer fires once: another day passes without a second warning
    engine.increaseTime(Duration.ofHours(24));
    engine.awaitIdle();
    assertThat(activate(KafkaConnectorWorker.TYPE)).isEmpty();

    dispatched("dispatch-" + orderId);
    engine.increaseTime(Duration.ofHours(10));
    delivered("deliver-" + orderId);
    FulfilmentLegs legs = completeSummary();
    engine.awaitIdle();

    assertChainTracked(instance, legs);
    assertThat(legs.paidToDispatched()).isGreaterThan(Duration.ofHours(48));
    assertThat(slaBreachedJobs()).isEqualTo(1);
    assertInstance(instance)
        .hasNotPassedElement(END_PAYMENT_SLA_BREACHED)
        .hasNotPassedElement(END_DELIVERY_SLA_BREACHED);
  }

  @Test
  void nothingButTheOrder_warnsOncePerMilestoneAtItsSla() {
    placed("placed-" + orderId);
    long instance = trackingInstance();
    loadSettings();

    engine.increaseTime(Duration.ofHours(2));
    assertWarning(Milestone.PAYMENT);
    engine.increaseTime(Duration.ofHours(22));
    assertWarning(Milestone.DISPATCH);
    engine.increaseTime(Duration.ofDays(4));
    assertWarning(Milestone.DELIVERY);
    engine.increaseTime(Duration.ofDays(10));
    engine.awaitIdle();

    assertThat(activate(KafkaConnectorWorker.TYPE)).isEmpty();
    assertThat(slaBreachedJobs()).isEqualTo(3);
    assertInstance(instance)
        .hasPassedElement(END_PAYMENT_SLA_BREACHED)
        .hasPassedElement(END_DISPATCH_SLA_BREACHED)
        .hasPassedElement(END_DELIVERY_SLA_BREACHED)
        .isWaitingAtElements(TASK_AWAIT_PAID, TASK_AWAIT_DISPATCHED, TASK_AWAIT_DELIVERED)
        .isActive();
  }

  @Test
  void orderPlacedAndPaymentCaptured_reachTheOrderProcessAndTrackingAlike() {
    client
        .newDeployResourceCommand()
        .addResourceFromClasspath("bpmn/order-process.bpmn")
        .send()
        .join();
    placed("placed-" + orderId);
    engine.awaitIdle();
    long order = engine.instancesStartedFor(OrderProcess.PROCESS_ID, orderId).getFirst();
    long tracking = trackingInstance();
    loadSettings();
    client.newCompleteCommand(awaitJob(OrderProcess.JOB_RESERVE_INVENTORY)).send().join();
    paid("pay-" + orderId);
    engine.awaitIdle();

    // one message correlates to at most one instance per process: here, to one of each
    new ProcessInstanceAssert(order, engine.records())
        .hasCorrelatedMessageByName(MESSAGE_PAYMENT_CAPTURED, 1)
        .hasPassedElement(OrderProcess.CATCH_PAYMENT_CAPTURED);
    assertInstance(tracking)
        .hasCorrelatedMessageByName(MESSAGE_PAYMENT_CAPTURED, 1)
        .hasPassedElement(TASK_AWAIT_PAID)
        .isWaitingAtElements(TASK_AWAIT_DISPATCHED, TASK_AWAIT_DELIVERED);
  }

  // --- how tracking ends without a delivery ---

  @Test
  void orderTimedOut_endsTrackingAtOnce_withOneTrackingEnded_andNoWarningAfterwards() {
    placed("placed-" + orderId);
    long instance = trackingInstance();
    loadSettings();
    engine.increaseTime(Duration.ofHours(2));
    assertWarning(Milestone.PAYMENT); // published before the end: it stays

    outcome("OrderTimedOut", null);

    ActivatedJob ended = completeTrackingEnded(OUTCOME);
    assertThat(ended.getVariablesAsType(TrackingVariables.class).outcome())
        .isEqualTo("OrderTimedOut");
    assertEndedByTheOutcome(instance);
    assertNothingAfterTheEnd(instance, 1);
  }

  @Test
  void orderRejected_endsTrackingAtOnce_withOneTrackingEnded() {
    placed("placed-" + orderId);
    long instance = trackingInstance();
    loadSettings();

    outcome("OrderRejected", null);

    ActivatedJob ended = completeTrackingEnded(OUTCOME);
    assertThat(ended.getVariablesAsType(TrackingVariables.class).outcome())
        .isEqualTo("OrderRejected");
    assertEndedByTheOutcome(instance);
    assertNothingAfterTheEnd(instance, 0);
  }

  @Test
  void refundRequestedThatCancelsTheOrder_endsTrackingAtOnce_withOneTrackingEnded() {
    placed("placed-" + orderId);
    long instance = trackingInstance();
    loadSettings();
    engine.increaseTime(Duration.ofMinutes(20));
    paid("pay-" + orderId);

    // as the order desk's refund publishes it today: no cancelsOrder field, so it cancels
    outcome("RefundRequested", null);

    ActivatedJob ended = completeTrackingEnded(OUTCOME);
    TrackingVariables tracking = ended.getVariablesAsType(TrackingVariables.class);
    assertThat(tracking.outcome()).isEqualTo("RefundRequested");
    assertThat(tracking.seen()).containsExactly("placed", "paid");
    assertThat(tracking.legsSoFar()).containsOnlyKeys(VAR_PLACED_TO_PAID);
    assertEndedByTheOutcome(instance);
    assertThat(variable(instance, VAR_PLACED_TO_PAID))
        .isEqualTo(quoted(tracking.legsSoFar().get(VAR_PLACED_TO_PAID)));
    assertNothingAfterTheEnd(instance, 0);
  }

  @Test
  void refundRequestedSayingItCancelsTheOrder_endsTrackingAtOnce() {
    placed("placed-" + orderId);
    long instance = trackingInstance();
    loadSettings();

    outcome("RefundRequested", true);

    completeTrackingEnded(OUTCOME);
    assertEndedByTheOutcome(instance);
  }

  @Test
  void orderConfirmed_andARefundThatKeepsTheOrder_changeNothing_theDeliveryStillEndsTracking() {
    placed("placed-" + orderId);
    long instance = trackingInstance();
    loadSettings();
    paid("pay-" + orderId);
    outcome("OrderConfirmed", null);
    // a second payment of the confirmed order is refunded: the order still ships
    outcome("RefundRequested", false);
    engine.awaitIdle();

    assertThat(activate(JOB_MEASURE_TRACKING_LEGS)).isEmpty();
    assertInstance(instance)
        .hasPassedElement(END_ORDER_GOES_ON, 2)
        .hasNotPassedElement(BOUNDARY_ORDER_ENDED)
        .isWaitingAtElements(TASK_AWAIT_DISPATCHED, TASK_AWAIT_DELIVERED);

    dispatched("dispatch-" + orderId);
    delivered("deliver-" + orderId);
    assertChainTracked(instance, completeSummary());
    engine.awaitIdle();
    assertThat(trackingEndedJobs()).isZero();
  }

  @Test
  void horizonReached_endsTrackingWithOneTrackingEnded_andTheLegsSoFar() {
    placed("placed-" + orderId);
    long instance = trackingInstance();
    loadSettings();
    engine.increaseTime(Duration.ofMinutes(30));
    paid("pay-" + orderId);
    engine.increaseTime(Duration.ofHours(24));
    assertWarning(Milestone.DISPATCH);
    engine.increaseTime(Duration.ofDays(4));
    assertWarning(Milestone.DELIVERY);

    // so far 30 minutes, a day and four days
    engine.increaseTime(HORIZON.minus(Duration.ofDays(5).plusMinutes(30)).minusMinutes(1));
    engine.awaitIdle();
    assertThat(activate(JOB_MEASURE_TRACKING_LEGS)).as("before the horizon").isEmpty();
    engine.increaseTime(Duration.ofMinutes(2));

    ActivatedJob ended = completeTrackingEnded(HORIZON_REACHED);
    TrackingVariables tracking = ended.getVariablesAsType(TrackingVariables.class);
    assertThat(tracking.horizon()).isEqualTo(HORIZON);
    assertThat(tracking.legsSoFar().get(VAR_PLACED_TO_PAID))
        .isBetween(Duration.ofMinutes(30), Duration.ofMinutes(30).plus(SLACK));
    assertInstance(instance)
        .hasPassedElementsInOrder(
            BOUNDARY_HORIZON,
            TASK_MEASURE_LEGS_AT_HORIZON,
            TASK_PUBLISH_TRACKING_ENDED_AT_HORIZON,
            END_TRACKING_ENDED_AT_HORIZON)
        .isNotWaitingAtElements(TASK_AWAIT_DISPATCHED, TASK_AWAIT_DELIVERED)
        .isCompleted();
    assertNothingAfterTheEnd(instance, 2);
  }

  @Test
  void outcomeBeforeTheFirstMilestone_startsNothing_andEndsTrackingAsSoonAsItStarts() {
    outcome("OrderRejected", null);
    engine.awaitIdle();
    assertThat(engine.instancesStartedFor(PROCESS_ID, orderId))
        .as("held, starts nothing")
        .isEmpty();

    placed("placed-" + orderId);
    long instance = trackingInstance();
    loadSettings();

    completeTrackingEnded(OUTCOME);
    assertEndedByTheOutcome(instance);
    assertNothingAfterTheEnd(instance, 0);
  }

  @Test
  void outcomeRedelivered_orAgainAfterTheEnd_changesNothingAndStartsNothing() {
    placed("placed-" + orderId);
    long instance = trackingInstance();
    loadSettings();
    outcome("OrderTimedOut", null);
    // redelivered while the first is held: the engine drops it
    assertAlreadyExists(() -> outcome("OrderTimedOut", null));
    completeTrackingEnded(OUTCOME);
    engine.awaitIdle();
    assertAlreadyExists(() -> outcome("OrderTimedOut", null));

    // the same fact again with a new event id, after the end: nobody waits for it, it starts no
    // instance (an outcome is no start event) and is dropped after its TTL
    publish(
        MESSAGE_ORDER_OUTCOME,
        orderId + ":timed-out:again",
        OUTCOME_TTL,
        Map.of("type", "OrderTimedOut"));
    engine.increaseTime(OUTCOME_TTL.plusMinutes(1));
    engine.awaitIdle();

    assertThat(engine.instancesStartedFor(PROCESS_ID, orderId)).containsExactly(instance);
    assertInstance(instance).hasPassedElement(BOUNDARY_ORDER_ENDED, 1);
    assertThat(activate(JOB_MEASURE_TRACKING_LEGS)).isEmpty();
    assertThat(trackingEndedJobs()).isEqualTo(1);
  }

  @Test
  void lateMilestoneAfterTheOutcomeEndedTracking_startsAnInstanceThatEndsAsDuplicate() {
    placed("placed-" + orderId);
    long instance = trackingInstance();
    loadSettings();
    outcome("OrderTimedOut", null);
    completeTrackingEnded(OUTCOME);

    // the payment comes after all: it starts a new instance, which finds the order tracked
    paid("pay-late-" + orderId);
    long repeat = awaitInstances(2).get(1);
    client
        .newThrowErrorCommand(awaitJob(JOB_LOAD_TRACKING_SETTINGS))
        .errorCode(ERROR_DUPLICATE_TRACKING)
        .errorMessage("order " + orderId + " is tracked by instance " + instance)
        .send()
        .join();
    engine.awaitIdle();

    assertInstance(repeat)
        .hasPassedElement(END_DUPLICATE_TRACKING)
        .hasNotPassedElement(SUBPROCESS_TRACK_MILESTONES)
        .isCompleted();
    assertThat(trackingEndedJobs()).isEqualTo(1);
    assertThat(activate(JOB_MEASURE_FULFILMENT)).isEmpty();
  }

  // --- the test as the inbound bridge and the workers ---

  private void placed(String eventId) {
    publish(MESSAGE_ORDER_PLACED, eventId, ORDER_TTL, Map.of("items", List.of()));
  }

  private void paid(String eventId) {
    publish(MESSAGE_PAYMENT_CAPTURED, eventId, ORDER_TTL, Map.of("amount", 25));
  }

  private void dispatched(String eventId) {
    publish(
        MESSAGE_SHIPMENT_DISPATCHED,
        eventId,
        SHIPMENT_TTL,
        Map.of(VAR_CARRIER, "DHL", VAR_TRACKING_NUMBER, "JD0001"));
  }

  private void delivered(String eventId) {
    publish(MESSAGE_SHIPMENT_DELIVERED, eventId, SHIPMENT_TTL, Map.of());
  }

  /** An outcome event of the order from orders.events, as the order-outcome route passes it. */
  private void outcome(String type, Boolean cancelsOrder) {
    Map<String, Object> payload = new HashMap<>();
    payload.put("type", type);
    if (cancelsOrder != null) {
      payload.put("cancelsOrder", cancelsOrder);
    }
    publish(MESSAGE_ORDER_OUTCOME, orderId + ":" + type, OUTCOME_TTL, payload);
  }

  private void publish(String message, String eventId, Duration ttl, Map<String, Object> payload) {
    Map<String, Object> variables = new HashMap<>(payload);
    variables.put(VAR_ORDER_ID, orderId);
    client
        .newPublishMessageCommand()
        .messageName(message)
        .correlationKey(orderId)
        .messageId(eventId)
        .timeToLive(ttl)
        .variables(variables)
        .send()
        .join();
  }

  /** What LoadTrackingSettingsWorker returns for the default configuration. */
  private void loadSettings() {
    client
        .newCompleteCommand(awaitJob(JOB_LOAD_TRACKING_SETTINGS))
        .variables(
            Map.of(
                VAR_SLA_PAYMENT,
                "PT2H",
                VAR_SLA_DISPATCH,
                "PT24H",
                VAR_SLA_DELIVERY,
                "P5D",
                VAR_TRACKING_HORIZON,
                HORIZON.toString()))
        .send()
        .join();
    engine.awaitIdle();
  }

  /**
   * Plays MeasureFulfilmentWorker (the legs from the job's variables), then the Kafka connector's
   * worker: the summary the model publishes holds those legs, with its stable id.
   */
  @SuppressWarnings("unchecked")
  private FulfilmentLegs completeSummary() {
    ActivatedJob job = awaitJob(JOB_MEASURE_FULFILMENT);
    TrackingVariables tracking = job.getVariablesAsType(TrackingVariables.class);
    assertThat(tracking.orderId()).isEqualTo(orderId);
    FulfilmentLegs legs = tracking.legs();
    client.newCompleteCommand(job).variables(legs.asVariables()).send().join();
    ActivatedJob publish = awaitPublish(TASK_PUBLISH_FULFILMENT_TRACKED);
    Map<String, Object> value = value(publish);
    assertThat(value)
        .containsEntry("eventId", orderId + ":fulfilment-tracked")
        .containsEntry("type", "FulfilmentTracked")
        .containsEntry("orderId", orderId)
        .containsEntry("total", legs.placedToDelivered().toString())
        .containsKey("occurredAt");
    assertThat((Map<String, Object>) value.get("legs"))
        .containsExactly(
            Map.entry(VAR_PLACED_TO_PAID, legs.placedToPaid().toString()),
            Map.entry(VAR_PAID_TO_DISPATCHED, legs.paidToDispatched().toString()),
            Map.entry(VAR_DISPATCHED_TO_DELIVERED, legs.dispatchedToDelivered().toString()));
    assertThat(publish.getVariablesAsMap().get("headers"))
        .isEqualTo(Map.of("type", "FulfilmentTracked", "eventId", orderId + ":fulfilment-tracked"));
    client.newCompleteCommand(publish).send().join();
    assertThat(activate(JOB_MEASURE_FULFILMENT)).as("a second summary").isEmpty();
    return legs;
  }

  private static final String OUTCOME = "outcome";
  private static final String HORIZON_REACHED = "horizon";

  /**
   * Plays MeasureLegsSoFarWorker, then the Kafka connector's worker: the one end event, for this
   * reason ({@code endedBy}), with the milestones seen and the legs measured so far.
   */
  private ActivatedJob completeTrackingEnded(String endedBy) {
    ActivatedJob job = awaitJob(JOB_MEASURE_TRACKING_LEGS);
    assertThat(job.getElementId())
        .isEqualTo(
            endedBy.equals(OUTCOME) ? TASK_MEASURE_LEGS_ON_OUTCOME : TASK_MEASURE_LEGS_AT_HORIZON);
    TrackingVariables tracking = job.getVariablesAsType(TrackingVariables.class);
    Map<String, Object> legs = new LinkedHashMap<>();
    tracking.legsSoFar().forEach((leg, duration) -> legs.put(leg, duration.toString()));
    Map<String, Object> variables = new HashMap<>(legs);
    variables.put(VAR_SEEN_MILESTONES, tracking.seen());
    variables.put(VAR_LEGS_SO_FAR, legs);
    client.newCompleteCommand(job).variables(variables).send().join();

    ActivatedJob publish =
        awaitPublish(
            endedBy.equals(OUTCOME)
                ? TASK_PUBLISH_TRACKING_ENDED_ON_OUTCOME
                : TASK_PUBLISH_TRACKING_ENDED_AT_HORIZON);
    Map<String, Object> value = value(publish);
    assertThat(value)
        .containsEntry("eventId", orderId + ":tracking-ended")
        .containsEntry("type", "TrackingEnded")
        .containsEntry("orderId", orderId)
        .containsEntry("endedBy", endedBy)
        .containsEntry("seen", tracking.seen())
        .containsEntry("legs", legs)
        .containsKey("occurredAt");
    if (endedBy.equals(OUTCOME)) {
      assertThat(value).containsEntry("outcome", tracking.outcome()).doesNotContainKey("horizon");
    } else {
      assertThat(value).containsEntry("horizon", HORIZON.toString()).doesNotContainKey("outcome");
    }
    client.newCompleteCommand(publish).send().join();
    engine.awaitIdle();
    assertThat(activate(JOB_MEASURE_TRACKING_LEGS)).as("a second end").isEmpty();
    return job;
  }

  private void assertEndedByTheOutcome(long instance) {
    assertInstance(instance)
        .hasPassedElementsInOrder(
            START_ORDER_OUTCOME,
            GATEWAY_ORDER_ENDED,
            BOUNDARY_ORDER_ENDED,
            TASK_MEASURE_LEGS_ON_OUTCOME,
            TASK_PUBLISH_TRACKING_ENDED_ON_OUTCOME,
            END_TRACKING_ENDED_ON_OUTCOME)
        .hasNotPassedElement(GATEWAY_JOIN)
        .hasNotPassedElement(END_TRACKING_ENDED_AT_HORIZON)
        .isNotWaitingAtElements(TASK_AWAIT_PAID, TASK_AWAIT_DISPATCHED, TASK_AWAIT_DELIVERED)
        .isCompleted();
  }

  /**
   * After the end, the rest of the horizon passes: no warning beyond those already published, no
   * second end, no summary.
   */
  private void assertNothingAfterTheEnd(long instance, int warningsBefore) {
    assertThat(slaBreachedJobs()).isEqualTo(warningsBefore);
    engine.increaseTime(HORIZON.plusDays(1));
    engine.awaitIdle();
    assertThat(slaBreachedJobs()).as("warnings after the end").isEqualTo(warningsBefore);
    assertThat(trackingEndedJobs()).as("end events").isEqualTo(1);
    assertThat(activate(JOB_MEASURE_FULFILMENT)).isEmpty();
    assertThat(engine.instancesStartedFor(PROCESS_ID, orderId)).containsExactly(instance);
    assertInstance(instance).isCompleted();
  }

  /** Plays the Kafka connector's worker for the milestone's warning, as the model wrote it. */
  private void assertWarning(Milestone milestone) {
    ActivatedJob job = awaitPublish(SLA_TASKS.get(milestone));
    String eventId = orderId + ":sla-breached:" + milestone.id();
    assertThat(value(job))
        .containsEntry("eventId", eventId)
        .containsEntry("type", "SlaBreached")
        .containsEntry("orderId", orderId)
        .containsEntry("milestone", milestone.id())
        .containsEntry("sla", SLAS.get(milestone))
        .containsKey("occurredAt");
    assertThat(job.getVariablesAsMap().get("headers"))
        .isEqualTo(Map.of("type", "SlaBreached", "eventId", eventId));
    client.newCompleteCommand(job).send().join();
  }

  /** The SLAs loadSettings() gives, as the warnings name them. */
  private static final Map<Milestone, String> SLAS =
      Map.of(Milestone.PAYMENT, "PT2H", Milestone.DISPATCH, "PT24H", Milestone.DELIVERY, "P5D");

  private static final Map<Milestone, String> SLA_TASKS =
      Map.of(
          Milestone.PAYMENT, TASK_PUBLISH_PAYMENT_SLA_BREACHED,
          Milestone.DISPATCH, TASK_PUBLISH_DISPATCH_SLA_BREACHED,
          Milestone.DELIVERY, TASK_PUBLISH_DELIVERY_SLA_BREACHED);

  /** The Kafka connector job of this task (the instance's only one), as the engine evaluated it. */
  private ActivatedJob awaitPublish(String task) {
    engine.awaitIdle();
    List<ActivatedJob> jobs = activate(KafkaConnectorWorker.TYPE);
    assertThat(jobs).as("a Kafka connector job for %s", orderId).hasSize(1);
    ActivatedJob job = jobs.getFirst();
    assertThat(job.getElementId()).isEqualTo(task);
    @SuppressWarnings("unchecked")
    Map<String, Object> message = (Map<String, Object>) job.getVariablesAsMap().get("message");
    assertThat(message).containsEntry("key", orderId);
    return job;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> value(ActivatedJob publish) {
    return (Map<String, Object>)
        ((Map<String, Object>) publish.getVariablesAsMap().get("message")).get("value");
  }

  private void assertChainTracked(long instance, FulfilmentLegs legs) {
    assertInstance(instance)
        .hasPassedElementsInOrder(
            GATEWAY_JOIN,
            TASK_MEASURE_FULFILMENT,
            TASK_PUBLISH_FULFILMENT_TRACKED,
            END_FULFILMENT_TRACKED)
        .hasNotPassedElement(END_DUPLICATE_TRACKING)
        .isCompleted();
    assertThat(variable(instance, VAR_PLACED_TO_PAID)).isEqualTo(quoted(legs.placedToPaid()));
    assertThat(variable(instance, VAR_PAID_TO_DISPATCHED))
        .isEqualTo(quoted(legs.paidToDispatched()));
    assertThat(variable(instance, VAR_DISPATCHED_TO_DELIVERED))
        .isEqualTo(quoted(legs.dispatchedToDelivered()));
    assertThat(variable(instance, VAR_PLACED_TO_DELIVERED))
        .isEqualTo(quoted(legs.placedToDelivered()));
    assertThat(variable(instance, VAR_CARRIER)).isEqualTo("\"DHL\"");
  }

  private static String quoted(Duration duration) {
    return "\"" + duration + "\"";
  }

  /** The last value (JSON) of a variable in the instance's scope, as Operate shows it. */
  private String variable(long instance, String name) {
    return StreamSupport.stream(engine.records().variableRecords().spliterator(), false)
        .map(r -> r.getValue())
        .filter(v -> v.getScopeKey() == instance && v.getName().equals(name))
        .reduce((first, last) -> last)
        .map(VariableRecordValue::getValue)
        .orElse(null);
  }

  private long slaBreachedJobs() {
    return jobsCreated(
        TASK_PUBLISH_PAYMENT_SLA_BREACHED,
        TASK_PUBLISH_DISPATCH_SLA_BREACHED,
        TASK_PUBLISH_DELIVERY_SLA_BREACHED);
  }

  private long trackingEndedJobs() {
    return jobsCreated(
        TASK_PUBLISH_TRACKING_ENDED_ON_OUTCOME, TASK_PUBLISH_TRACKING_ENDED_AT_HORIZON);
  }

  /** The Kafka connector jobs created for these tasks. */
  private long jobsCreated(String... tasks) {
    return StreamSupport.stream(engine.records().jobRecords().spliterator(), false)
        .filter(r -> r.getIntent() == JobIntent.CREATED)
        .filter(r -> KafkaConnectorWorker.TYPE.equals(r.getValue().getType()))
        .filter(r -> List.of(tasks).contains(r.getValue().getElementId()))
        .count();
  }

  private static void assertAlreadyExists(Runnable publish) {
    assertThatThrownBy(publish::run)
        .isInstanceOfSatisfying(
            ClientStatusException.class,
            e -> assertThat(e.getStatusCode()).isEqualTo(Status.Code.ALREADY_EXISTS));
  }

  private long trackingInstance() {
    return awaitInstances(1).getFirst();
  }

  private List<Long> awaitInstances(int count) {
    engine.awaitIdle();
    List<Long> instances = engine.instancesStartedFor(PROCESS_ID, orderId);
    assertThat(instances).as("tracking instances of %s", orderId).hasSize(count);
    return instances;
  }

  private ProcessInstanceAssert assertInstance(long instance) {
    return new ProcessInstanceAssert(instance, engine.records());
  }

  private ActivatedJob awaitJob(String type) {
    engine.awaitIdle();
    List<ActivatedJob> jobs = activate(type);
    assertThat(jobs).as("a %s job for %s", type, orderId).hasSize(1);
    assertThat(jobs.getFirst().getVariablesAsMap()).containsEntry(VAR_ORDER_ID, orderId);
    return jobs.getFirst();
  }

  private List<ActivatedJob> activate(String type) {
    return EmbeddedEngine.activateJobs(client, type);
  }
}
