package dev.orderflow.order;

import static dev.orderflow.order.OrderProcess.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.kafka.KafkaConnectorWorker;
import dev.orderflow.testing.EmbeddedEngine;
import dev.orderflow.testing.UserTasks;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.process.test.assertions.ProcessInstanceAssert;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One test per path of {@code bpmn/order-process.bpmn} on the embedded engine, with the test
 * playing the job workers (the payment ledger's answers are the variables the test completes the
 * claim and close jobs with); a fresh engine per test. Timers run on the engine clock: the two
 * hours are never shortened.
 */
class OrderProcessTest {

  private static final Duration TWO_HOURS = Duration.ofHours(2);
  private static final Duration RECHECK = Duration.ofMinutes(1);
  private static final String DUE_DATE = "2026-11-25T16:00:00Z";
  private static final String FOLLOW_UP_DATE = "2026-11-25T13:00:00Z";

  private EmbeddedEngine engine;
  private CamundaClient client;
  private UserTasks tasklist;

  @BeforeEach
  void deploy() {
    engine = EmbeddedEngine.start();
    client = engine.newClient();
    tasklist = new UserTasks(engine);
    client
        .newDeployResourceCommand()
        .addResourceFromClasspath("bpmn/order-process.bpmn")
        .addResourceFromClasspath("forms/" + FORM_RESOLVE_STOCK_SHORTAGE + ".form")
        .addResourceFromClasspath("forms/" + FORM_REVIEW_PAYMENT + ".form")
        .send()
        .join();
  }

  @AfterEach
  void stop() {
    client.close();
    engine.close();
  }

  @Test
  void paymentCaptured_confirmsOrder() {
    String orderId = placeOrder();
    long instance = instanceOf(orderId);
    awaitPayment(orderId);
    assertInstance(instance).isWaitingAtElements(TIMER_PAYMENT_WINDOW_ENDS);

    pay(orderId, "pay-" + orderId);
    claim(orderId, true);
    checkPayment(orderId, true);
    completePublish(TASK_PUBLISH_ORDER_CONFIRMED, orderId);
    engine.awaitIdle();

    assertInstance(instance)
        .hasPassedElementsInOrder(
            TASK_RESERVE_INVENTORY,
            TASK_CLAIM_PAYMENT,
            CATCH_PAYMENT_CAPTURED,
            TASK_CLAIM_CAPTURED_PAYMENT,
            TASK_CHECK_PAYMENT,
            TASK_PUBLISH_ORDER_CONFIRMED)
        .hasNotPassedElement(USER_TASK_REVIEW_PAYMENT)
        .hasPassedElement(END_ORDER_CONFIRMED)
        .hasNotPassedElement(TASK_RELEASE_INVENTORY)
        .isCompleted();
  }

  @Test
  void paymentAlreadyInTheLedger_isClaimedWhenTheWaitStarts() {
    String orderId = placeOrder();
    long instance = instanceOf(orderId);
    reserve(orderId);
    claim(orderId, true); // e.g. paid during a stock-shortage review, its message long expired
    checkPayment(orderId, true);
    completePublish(TASK_PUBLISH_ORDER_CONFIRMED, orderId);
    engine.awaitIdle();

    assertInstance(instance)
        .hasPassedElementsInOrder(TASK_CLAIM_PAYMENT, END_PAYMENT_FOUND, TASK_CHECK_PAYMENT)
        .hasNotPassedElement(TIMER_PAYMENT_WINDOW_ENDS)
        .hasPassedElement(END_ORDER_CONFIRMED)
        .isCompleted();
  }

  @Test
  void noPaymentWithinTheWindow_releasesInventoryAndPublishesTimedOut() {
    String orderId = placeOrder();
    long instance = instanceOf(orderId);
    awaitPayment(orderId); // the window ends two hours from now on the engine clock

    engine.increaseTime(TWO_HOURS.minusMinutes(1));
    engine.awaitIdle();
    assertInstance(instance).isWaitingAtElements(TIMER_PAYMENT_WINDOW_ENDS);
    assertThat(activate(JOB_CLOSE_PAYMENT_WINDOW)).isEmpty();

    engine.increaseTime(Duration.ofMinutes(2));
    closeWindow(orderId, false, true);
    completeJob(JOB_RELEASE_INVENTORY, orderId);
    completePublish(TASK_PUBLISH_ORDER_TIMED_OUT, orderId);
    engine.awaitIdle();

    assertInstance(instance)
        .hasPassedElementsInOrder(
            TIMER_PAYMENT_WINDOW_ENDS,
            TASK_CLOSE_PAYMENT_WINDOW,
            END_WINDOW_DECIDED,
            GATEWAY_PAYMENT_OUTCOME,
            TASK_RELEASE_INVENTORY,
            THROW_COMPENSATE_RESERVATION,
            TASK_PUBLISH_ORDER_TIMED_OUT,
            END_ORDER_TIMED_OUT)
        .hasNotPassedElement(TASK_CHECK_PAYMENT)
        .hasNotPassedElement(TASK_PUBLISH_ORDER_CONFIRMED)
        .isCompleted();
  }

  @Test
  void windowEndedWithPaymentsStillInFlight_looksAgainAndAppliesThePaymentCapturedInTime() {
    String orderId = placeOrder();
    long instance = instanceOf(orderId);
    awaitPayment(orderId);
    engine.increaseTime(TWO_HOURS.plusMinutes(1));
    closeWindow(orderId, false, false); // the bridge is behind: records before the end unread
    engine.awaitIdle();
    assertInstance(instance).isWaitingAtElements(TIMER_PAYMENTS_IN_FLIGHT);

    engine.increaseTime(RECHECK);
    closeWindow(orderId, true, false); // caught up: the payment captured in time is in the ledger
    checkPayment(orderId, true);
    completePublish(TASK_PUBLISH_ORDER_CONFIRMED, orderId);
    engine.awaitIdle();

    assertInstance(instance)
        .hasPassedElement(TASK_CLOSE_PAYMENT_WINDOW, 2)
        .hasPassedElement(TIMER_PAYMENTS_IN_FLIGHT)
        .hasPassedElement(END_ORDER_CONFIRMED)
        .hasNotPassedElement(TASK_PUBLISH_ORDER_TIMED_OUT)
        .isCompleted();
  }

  @Test
  void paymentClaimedJustBeforeTheDeadline_withItsCheckStillRunning_isAppliedNotTimedOut() {
    String orderId = placeOrder();
    long instance = instanceOf(orderId);
    awaitPayment(orderId);
    engine.increaseTime(TWO_HOURS.minusMinutes(1));
    pay(orderId, "pay-" + orderId);
    claim(orderId, true);
    ActivatedJob check = awaitJob(JOB_CHECK_PAYMENT, orderId); // activated, not completed

    engine.increaseTime(Duration.ofMinutes(30)); // the deadline passes while the check runs
    engine.awaitIdle();
    assertThat(activate(JOB_CLOSE_PAYMENT_WINDOW)).isEmpty();
    client.newCompleteCommand(check).variables(Map.of(VAR_PAYMENT_MATCHES, true)).send().join();
    completePublish(TASK_PUBLISH_ORDER_CONFIRMED, orderId);
    engine.awaitIdle();

    assertInstance(instance)
        .hasPassedElement(END_ORDER_CONFIRMED)
        .hasNotPassedElement(TASK_CLOSE_PAYMENT_WINDOW)
        .hasNotPassedElement(TASK_RELEASE_INVENTORY)
        .isCompleted();
  }

  @Test
  void paymentTheOrderDoesNotTake_endsTheWait_andTheOrderWaitsAgain() {
    String orderId = placeOrder();
    long instance = instanceOf(orderId);
    awaitPayment(orderId);

    pay(orderId, "late-" + orderId); // captured after the deadline: its own process refunds it
    claim(orderId, false);
    claim(orderId, false); // the wait starts over
    engine.awaitIdle();

    assertInstance(instance)
        .hasPassedElement(GATEWAY_AWAIT_PAYMENT_MERGE, 2)
        .isWaitingAtElements(TIMER_PAYMENT_WINDOW_ENDS);
  }

  @Test
  void paymentBeforeTheOrderWaits_isHeldByItsTtlAndCorrelates() {
    String orderId = placeOrder();
    long instance = instanceOf(orderId);
    pay(orderId, "early-" + orderId); // the instance is still at reserve-inventory

    reserve(orderId);
    claim(orderId, true);
    checkPayment(orderId, true);
    completePublish(TASK_PUBLISH_ORDER_CONFIRMED, orderId);
    engine.awaitIdle();

    assertInstance(instance)
        .hasCorrelatedMessageByName(MESSAGE_PAYMENT_CAPTURED, 1)
        .hasPassedElement(END_ORDER_CONFIRMED)
        .isCompleted();
  }

  @Test
  void duplicatePayment_sameMessageId_changesNothing() {
    String orderId = placeOrder();
    long instance = instanceOf(orderId);
    String paymentId = "pay-" + orderId;
    pay(orderId, paymentId); // buffered until the order waits for it

    assertThatThrownBy(() -> pay(orderId, paymentId))
        .isInstanceOfSatisfying(
            ClientStatusException.class,
            e -> assertThat(e.getStatusCode()).isEqualTo(Status.Code.ALREADY_EXISTS));

    reserve(orderId);
    claim(orderId, true);
    checkPayment(orderId, true);
    completePublish(TASK_PUBLISH_ORDER_CONFIRMED, orderId);
    engine.awaitIdle();
    assertInstance(instance).hasCorrelatedMessageByName(MESSAGE_PAYMENT_CAPTURED, 1).isCompleted();
    assertThat(activate(KafkaConnectorWorker.TYPE)).as("an outcome event").isEmpty();
  }

  @Test
  void duplicateOrderPlaced_startsNoSecondInstance() {
    String orderId = placeOrder();
    engine.awaitIdle();

    // redelivered with the same event id while the first is buffered: dropped by the engine
    assertThatThrownBy(() -> publishOrderPlaced(orderId, "placed-" + orderId, Map.of()))
        .isInstanceOf(ClientStatusException.class);
    // a second event for an order that is still active: no second instance either
    publishOrderPlaced(orderId, "placed-again-" + orderId, Map.of());
    engine.awaitIdle();

    assertThat(engine.instancesStartedFor(orderId)).hasSize(1);
  }

  @Test
  void stockShortage_thenReject_publishesOrderRejectedWithTheDesksReason() {
    String orderId = placeOrder();
    long instance = instanceOf(orderId);
    outOfStock(orderId);

    UserTasks.Task task = openTask(instance, USER_TASK_RESOLVE_STOCK_SHORTAGE);
    assertThat(task.formId()).isEqualTo(FORM_RESOLVE_STOCK_SHORTAGE);
    assertThat(task.candidateGroups()).containsExactly("order-desk");
    assertThat(instant(task.dueDate())).isEqualTo(instant(DUE_DATE));
    assertThat(instant(task.followUpDate())).isEqualTo(instant(FOLLOW_UP_DATE));
    tasklist.complete(
        task,
        Map.of(
            VAR_SHORTAGE_DECISION, DECISION_REJECT, VAR_REJECTION_REASON, "SKU-1 is discontinued"));

    ActivatedJob reject = awaitJob(JOB_REJECT_ORDER, orderId);
    assertThat(reject.getVariablesAsMap())
        .containsEntry(VAR_REJECTION_REASON, "SKU-1 is discontinued");
    client.newCompleteCommand(reject).send().join();
    ActivatedJob publish = awaitPublish(TASK_PUBLISH_ORDER_REJECTED, orderId);
    assertRejected(publish, orderId, "SKU-1 is discontinued");
    client.newCompleteCommand(publish).send().join();
    engine.awaitIdle();

    assertInstance(instance)
        .hasPassedElementsInOrder(
            BOUNDARY_OUT_OF_STOCK,
            GATEWAY_SHORTAGE_DECISION,
            TASK_REJECT_ORDER,
            TASK_PUBLISH_ORDER_REJECTED,
            END_ORDER_REJECTED)
        .hasNotPassedElement(SUBPROCESS_AWAIT_PAYMENT)
        .hasNotPassedElement(TASK_RELEASE_INVENTORY)
        .isCompleted();
  }

  @Test
  void stockShortage_thenRetryAfterRestock_reservesAndConfirms() {
    String orderId = placeOrder();
    long instance = instanceOf(orderId);
    outOfStock(orderId);

    tasklist.complete(
        openTask(instance, USER_TASK_RESOLVE_STOCK_SHORTAGE),
        Map.of(VAR_SHORTAGE_DECISION, DECISION_RETRY));
    awaitPayment(orderId); // the second reservation succeeds
    pay(orderId, "pay-" + orderId);
    claim(orderId, true);
    checkPayment(orderId, true);
    completePublish(TASK_PUBLISH_ORDER_CONFIRMED, orderId);
    engine.awaitIdle();

    assertInstance(instance)
        // the first attempt ended with the error, the retry completed
        .hasPassedElement(TASK_RESERVE_INVENTORY, 1)
        .hasPassedElement(GATEWAY_RESERVE_MERGE, 2)
        .hasPassedElementsInOrder(
            GATEWAY_RESERVE_MERGE,
            GATEWAY_SHORTAGE_DECISION,
            GATEWAY_RESERVE_MERGE,
            TASK_RESERVE_INVENTORY)
        .hasPassedElement(END_ORDER_CONFIRMED)
        .hasNotPassedElement(TASK_PUBLISH_ORDER_REJECTED)
        .isCompleted();
  }

  @Test
  void amountMismatch_thenAccept_confirmsOrder() {
    String orderId = placeOrder();
    long instance = instanceOf(orderId);
    payTheWrongAmount(orderId);

    UserTasks.Task task = openTask(instance, USER_TASK_REVIEW_PAYMENT);
    assertThat(task.formId()).isEqualTo(FORM_REVIEW_PAYMENT);
    assertThat(task.candidateGroups()).containsExactly("order-desk");
    assertThat(instant(task.dueDate())).isEqualTo(instant(DUE_DATE));
    tasklist.complete(task, Map.of(VAR_PAYMENT_DECISION, DECISION_ACCEPT));
    completePublish(TASK_PUBLISH_ORDER_CONFIRMED, orderId);
    engine.awaitIdle();

    assertInstance(instance)
        .hasPassedElementsInOrder(
            GATEWAY_PAYMENT_CHECK,
            GATEWAY_PAYMENT_DECISION,
            TASK_PUBLISH_ORDER_CONFIRMED,
            END_ORDER_CONFIRMED)
        .hasNotPassedElement(TASK_REQUEST_REFUND)
        .isCompleted();
  }

  @Test
  void paidOrderUnderPaymentReview_neverTimesOut_howeverLongTheReviewTakes() {
    String orderId = placeOrder();
    long instance = instanceOf(orderId);
    payTheWrongAmount(orderId);
    UserTasks.Task task = openTask(instance, USER_TASK_REVIEW_PAYMENT);

    // the desk takes a day: far past the payment window's end (two hours and the grace)
    engine.increaseTime(TWO_HOURS.plus(RECHECK).plusMinutes(1));
    engine.awaitIdle();
    engine.increaseTime(Duration.ofHours(22));
    engine.awaitIdle();

    assertInstance(instance)
        .isWaitingAtElements(USER_TASK_REVIEW_PAYMENT)
        .hasNotPassedElement(TIMER_PAYMENT_WINDOW_ENDS)
        .hasNotPassedElement(TASK_CLOSE_PAYMENT_WINDOW)
        .hasNotPassedElement(TASK_RELEASE_INVENTORY);
    assertThat(activate(JOB_CLOSE_PAYMENT_WINDOW)).isEmpty();
    assertThat(activate(JOB_RELEASE_INVENTORY)).isEmpty();
    assertThat(activate(KafkaConnectorWorker.TYPE)).as("an outcome event").isEmpty();

    tasklist.complete(task, Map.of(VAR_PAYMENT_DECISION, DECISION_ACCEPT));
    completePublish(TASK_PUBLISH_ORDER_CONFIRMED, orderId);
    engine.awaitIdle();

    assertInstance(instance)
        .hasPassedElementsInOrder(
            USER_TASK_REVIEW_PAYMENT, TASK_PUBLISH_ORDER_CONFIRMED, END_ORDER_CONFIRMED)
        .hasNotPassedElement(TASK_PUBLISH_ORDER_TIMED_OUT)
        .isCompleted();
  }

  @Test
  void amountMismatch_thenRefund_requestsRefundAndReleasesInventory() {
    String orderId = placeOrder();
    long instance = instanceOf(orderId);
    payTheWrongAmount(orderId);

    tasklist.complete(
        openTask(instance, USER_TASK_REVIEW_PAYMENT),
        Map.of(VAR_PAYMENT_DECISION, DECISION_REFUND, VAR_REFUND_REASON, "paid twice the total"));
    ActivatedJob refund = awaitJob(JOB_REQUEST_REFUND, orderId);
    assertThat(refund.getVariablesAsMap()).containsEntry(VAR_REFUND_REASON, "paid twice the total");
    client.newCompleteCommand(refund).send().join();
    completeJob(JOB_RELEASE_INVENTORY, orderId);
    engine.awaitIdle();

    assertInstance(instance)
        .hasPassedElementsInOrder(
            GATEWAY_PAYMENT_DECISION,
            TASK_REQUEST_REFUND,
            TASK_RELEASE_INVENTORY,
            THROW_COMPENSATE_ON_REFUND,
            END_ORDER_CANCELLED)
        .hasNotPassedElement(TASK_PUBLISH_ORDER_CONFIRMED)
        .isCompleted();
  }

  @Test
  void invalidOrder_isRejectedWithTheReason() {
    String orderId = placeOrder();
    long instance = instanceOf(orderId);
    throwError(
        JOB_RESERVE_INVENTORY, orderId, ERROR_INVALID_ORDER, "invalid order: it has no lines");

    ActivatedJob reject = awaitJob(JOB_REJECT_ORDER, orderId);
    assertThat(reject.getVariablesAsMap())
        .containsEntry(VAR_REJECTION_REASON, "invalid order: it has no lines");
    client.newCompleteCommand(reject).send().join();
    ActivatedJob publish = awaitPublish(TASK_PUBLISH_ORDER_REJECTED, orderId);
    assertRejected(publish, orderId, "invalid order: it has no lines");
    client.newCompleteCommand(publish).send().join();
    engine.awaitIdle();

    assertInstance(instance)
        .hasPassedElementsInOrder(
            BOUNDARY_INVALID_ORDER,
            TASK_REJECT_ORDER,
            TASK_PUBLISH_ORDER_REJECTED,
            END_ORDER_REJECTED)
        .isCompleted();
  }

  @Test
  void instanceForAnOrderOwnedByAnother_endsAsDuplicateWithoutAnOutcome() {
    String orderId = placeOrder();
    long instance = instanceOf(orderId);
    throwError(JOB_RESERVE_INVENTORY, orderId, ERROR_DUPLICATE_ORDER, "order is handled by 1");
    engine.awaitIdle();

    assertInstance(instance)
        .hasPassedElementsInOrder(BOUNDARY_DUPLICATE_ORDER, END_DUPLICATE_ORDER)
        .hasNotPassedElement(TASK_PUBLISH_ORDER_REJECTED)
        .hasNotPassedElement(SUBPROCESS_AWAIT_PAYMENT)
        .isCompleted();
  }

  /** The order waits, is paid, claims the payment, and the amount check says it differs. */
  private void payTheWrongAmount(String orderId) {
    awaitPayment(orderId);
    pay(orderId, "pay-" + orderId);
    claim(orderId, true);
    checkPayment(orderId, false);
  }

  private void outOfStock(String orderId) {
    Map<String, Object> variables = new java.util.HashMap<>(deskAssignment());
    variables.put(VAR_REJECTION_REASON, "out of stock for order " + orderId);
    variables.put(VAR_SHORTAGES, List.of(Map.of("sku", "SKU-1", "requested", 1, "available", 0)));
    client
        .newThrowErrorCommand(awaitJob(JOB_RESERVE_INVENTORY, orderId))
        .errorCode(ERROR_OUT_OF_STOCK)
        .errorMessage("out of stock")
        .variables(variables)
        .send()
        .join();
  }

  private void checkPayment(String orderId, boolean matches) {
    Map<String, Object> variables = new java.util.HashMap<>();
    variables.put(VAR_PAYMENT_MATCHES, matches);
    if (!matches) {
      variables.putAll(deskAssignment());
    }
    client
        .newCompleteCommand(awaitJob(JOB_CHECK_PAYMENT, orderId))
        .variables(variables)
        .send()
        .join();
  }

  /** What the workers hand the user tasks (see OrderDesk). */
  private static Map<String, Object> deskAssignment() {
    return Map.of(
        VAR_DESK_GROUPS, List.of("order-desk"),
        VAR_DESK_DUE_DATE, DUE_DATE,
        VAR_DESK_FOLLOW_UP_DATE, FOLLOW_UP_DATE);
  }

  private static java.time.Instant instant(String isoDateTime) {
    return java.time.OffsetDateTime.parse(isoDateTime).toInstant();
  }

  private UserTasks.Task openTask(long instance, String elementId) {
    engine.awaitIdle();
    return tasklist
        .open(instance, elementId)
        .orElseThrow(() -> new AssertionError("no open task " + elementId + " for " + instance));
  }

  private void throwError(String type, String orderId, String code, String reason) {
    client
        .newThrowErrorCommand(awaitJob(type, orderId))
        .errorCode(code)
        .errorMessage(reason)
        .variables(Map.of(VAR_REJECTION_REASON, reason))
        .send()
        .join();
  }

  private String placeOrder() {
    return placeOrder(Map.of());
  }

  /** The reservation succeeds; the payment window ends two hours from now (engine clock). */
  private void reserve(String orderId) {
    String closesAt = java.time.Instant.now().plus(TWO_HOURS).toString();
    client
        .newCompleteCommand(awaitJob(JOB_RESERVE_INVENTORY, orderId))
        .variables(
            Map.of(
                VAR_PAYMENT_DEADLINE,
                closesAt,
                VAR_WINDOW_CLOSES_AT,
                closesAt,
                VAR_PAYMENT_RECHECK,
                RECHECK.toString(),
                VAR_PAYMENT_CLAIMED,
                false,
                VAR_WINDOW_CLOSED,
                false))
        .send()
        .join();
  }

  /** Reserved, and no payment in the ledger yet: the order waits for one. */
  private void awaitPayment(String orderId) {
    reserve(orderId);
    claim(orderId, false);
    engine.awaitIdle();
  }

  private void claim(String orderId, boolean claimed) {
    client
        .newCompleteCommand(awaitJob(JOB_CLAIM_PAYMENT, orderId))
        .variables(Map.of(VAR_PAYMENT_CLAIMED, claimed))
        .send()
        .join();
  }

  private void closeWindow(String orderId, boolean claimed, boolean closed) {
    client
        .newCompleteCommand(awaitJob(JOB_CLOSE_PAYMENT_WINDOW, orderId))
        .variables(Map.of(VAR_PAYMENT_CLAIMED, claimed, VAR_WINDOW_CLOSED, closed))
        .send()
        .join();
  }

  private String placeOrder(Map<String, Object> extra) {
    String orderId = "order-" + UUID.randomUUID();
    publishOrderPlaced(orderId, "placed-" + orderId, extra);
    return orderId;
  }

  private void publishOrderPlaced(String orderId, String eventId, Map<String, Object> extra) {
    Map<String, Object> variables = new java.util.HashMap<>(extra);
    variables.put(VAR_ORDER_ID, orderId);
    variables.put("items", List.of(Map.of("sku", "SKU-1", "quantity", 1)));
    client
        .newPublishMessageCommand()
        .messageName(MESSAGE_ORDER_PLACED)
        .correlationKey(orderId)
        .messageId(eventId)
        .timeToLive(TWO_HOURS)
        .variables(variables)
        .send()
        .join();
  }

  private void pay(String orderId, String eventId) {
    client
        .newPublishMessageCommand()
        .messageName(MESSAGE_PAYMENT_CAPTURED)
        .correlationKey(orderId)
        .messageId(eventId)
        .timeToLive(TWO_HOURS)
        .variables(Map.of("amount", 10))
        .send()
        .join();
  }

  private long instanceOf(String orderId) {
    engine.awaitIdle();
    List<Long> instances = engine.instancesStartedFor(orderId);
    assertThat(instances).as("instances started for %s", orderId).hasSize(1);
    return instances.getFirst();
  }

  private ProcessInstanceAssert assertInstance(long instance) {
    return new ProcessInstanceAssert(instance, engine.records());
  }

  private void completeJob(String type, String orderId) {
    client.newCompleteCommand(awaitJob(type, orderId)).send().join();
  }

  private ActivatedJob awaitJob(String type, String orderId) {
    engine.awaitIdle();
    List<ActivatedJob> jobs = activate(type);
    assertThat(jobs).as("a %s job for %s", type, orderId).hasSize(1);
    ActivatedJob job = jobs.getFirst();
    assertThat(job.getVariablesAsMap()).containsEntry(VAR_ORDER_ID, orderId);
    return job;
  }

  /** Plays the Kafka connector's worker for this task (its job is the order's only one). */
  private void completePublish(String task, String orderId) {
    client.newCompleteCommand(awaitPublish(task, orderId)).send().join();
  }

  private ActivatedJob awaitPublish(String task, String orderId) {
    engine.awaitIdle();
    List<ActivatedJob> jobs = activate(KafkaConnectorWorker.TYPE);
    assertThat(jobs).as("a Kafka connector job for %s", orderId).hasSize(1);
    ActivatedJob job = jobs.getFirst();
    assertThat(job.getElementId()).isEqualTo(task);
    assertThat(message(job)).containsEntry("key", orderId);
    return job;
  }

  /** The connector's message, as the engine evaluated it: key and value. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> message(ActivatedJob job) {
    return (Map<String, Object>) job.getVariablesAsMap().get("message");
  }

  /** OrderRejected as the model's connector task evaluated it, with its stable id. */
  @SuppressWarnings("unchecked")
  private static void assertRejected(ActivatedJob publish, String orderId, String reason) {
    Map<String, Object> value = (Map<String, Object>) message(publish).get("value");
    assertThat(value)
        .containsEntry("eventId", orderId + ":rejected")
        .containsEntry("type", "OrderRejected")
        .containsEntry("orderId", orderId)
        .containsEntry("reason", reason)
        .containsKey("occurredAt");
    assertThat(publish.getVariablesAsMap().get("headers"))
        .isEqualTo(Map.of("type", "OrderRejected", "eventId", orderId + ":rejected"));
  }

  private List<ActivatedJob> activate(String type) {
    return EmbeddedEngine.activateJobs(client, type);
  }
}
