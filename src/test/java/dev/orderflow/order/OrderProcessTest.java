package dev.orderflow.order;

import static dev.orderflow.order.OrderProcess.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.testing.EmbeddedEngine;
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
 * One test per path of {@code bpmn/order-process.bpmn} on the in-memory engine, with the test
 * playing the job workers; a fresh engine per test. Timers run on the engine clock: the two hours are never shortened.
 */
class OrderProcessTest {

  private static final Duration TWO_HOURS = Duration.ofHours(2);

  private EmbeddedEngine engine;
  private CamundaClient client;

  @BeforeEach
  void deploy() {
    engine = EmbeddedEngine.start();
    client = engine.newClient();
    client
        .newDeployResourceCommand()
        .addResourceFromClasspath("bpmn/order-process.bpmn")
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
    completeJob(JOB_RESERVE_INVENTORY, orderId);
    engine.awaitIdle();
    assertInstance(instance).isWaitingAtElements(CATCH_PAYMENT_CAPTURED);

    pay(orderId, "pay-" + orderId);
    completeJob(JOB_PUBLISH_ORDER_CONFIRMED, orderId);
    engine.awaitIdle();

    assertInstance(instance)
        .hasPassedElementsInOrder(
            TASK_RESERVE_INVENTORY, CATCH_PAYMENT_CAPTURED, TASK_PUBLISH_ORDER_CONFIRMED)
        .hasPassedElement(END_ORDER_CONFIRMED)
        .hasNotPassedElement(TASK_RELEASE_INVENTORY)
        .isCompleted();
  }

  @Test
  void noPaymentWithinTwoHours_releasesInventoryAndPublishesTimedOut() {
    String orderId = placeOrder(Map.of(VAR_PAYMENT_TIMEOUT, "PT2H"));
    long instance = instanceOf(orderId);
    completeJob(JOB_RESERVE_INVENTORY, orderId);
    engine.awaitIdle();

    engine.increaseTime(TWO_HOURS.minusMinutes(1));
    engine.awaitIdle();
    assertInstance(instance).isWaitingAtElements(CATCH_PAYMENT_CAPTURED);
    assertThat(activate(JOB_RELEASE_INVENTORY)).isEmpty();

    engine.increaseTime(Duration.ofMinutes(1));
    completeJob(JOB_RELEASE_INVENTORY, orderId);
    completeJob(JOB_PUBLISH_ORDER_TIMED_OUT, orderId);
    engine.awaitIdle();

    assertInstance(instance)
        .hasPassedElementsInOrder(
            BOUNDARY_PAYMENT_TIMEOUT,
            TASK_RELEASE_INVENTORY,
            THROW_COMPENSATE_RESERVATION,
            TASK_PUBLISH_ORDER_TIMED_OUT,
            END_ORDER_TIMED_OUT)
        .hasNotPassedElement(TASK_PUBLISH_ORDER_CONFIRMED)
        .isCompleted();
  }

  @Test
  void paymentTimeoutDefaultsToTwoHours_whenTheOrderCarriesNone() {
    String orderId = placeOrder(Map.of());
    long instance = instanceOf(orderId);
    completeJob(JOB_RESERVE_INVENTORY, orderId);
    engine.awaitIdle();

    engine.increaseTime(TWO_HOURS.minusMinutes(1));
    engine.awaitIdle();
    assertInstance(instance).isWaitingAtElements(CATCH_PAYMENT_CAPTURED);

    engine.increaseTime(Duration.ofMinutes(1));
    completeJob(JOB_RELEASE_INVENTORY, orderId);
    completeJob(JOB_PUBLISH_ORDER_TIMED_OUT, orderId);
    engine.awaitIdle();
    assertInstance(instance).hasPassedElement(END_ORDER_TIMED_OUT).isCompleted();
  }

  @Test
  void paymentBeforeTheOrderWaits_isHeldByItsTtlAndCorrelates() {
    String orderId = placeOrder();
    long instance = instanceOf(orderId);
    pay(orderId, "early-" + orderId); // the instance is still at reserve-inventory

    completeJob(JOB_RESERVE_INVENTORY, orderId);
    completeJob(JOB_PUBLISH_ORDER_CONFIRMED, orderId);
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

    completeJob(JOB_RESERVE_INVENTORY, orderId);
    completeJob(JOB_PUBLISH_ORDER_CONFIRMED, orderId);
    engine.awaitIdle();
    assertInstance(instance)
        .hasCorrelatedMessageByName(MESSAGE_PAYMENT_CAPTURED, 1)
        .isCompleted();
    assertThat(activate(JOB_PUBLISH_ORDER_CONFIRMED)).isEmpty();
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
  void outOfStock_rejectsOrder() {
    String orderId = placeOrder();
    long instance = instanceOf(orderId);
    ActivatedJob reserve = awaitJob(JOB_RESERVE_INVENTORY, orderId);
    client
        .newThrowErrorCommand(reserve)
        .errorCode(ERROR_OUT_OF_STOCK)
        .errorMessage("out of stock")
        .variables(Map.of(VAR_REJECTION_REASON, "out of stock: SKU-1"))
        .send()
        .join();

    ActivatedJob publish = awaitJob(JOB_PUBLISH_ORDER_REJECTED, orderId);
    assertThat(publish.getVariablesAsMap()).containsEntry(VAR_REJECTION_REASON, "out of stock: SKU-1");
    client.newCompleteCommand(publish).send().join();
    engine.awaitIdle();

    assertInstance(instance)
        .hasPassedElementsInOrder(
            BOUNDARY_OUT_OF_STOCK, TASK_PUBLISH_ORDER_REJECTED, END_ORDER_REJECTED)
        .hasNotPassedElement(SUBPROCESS_AWAIT_PAYMENT)
        .hasNotPassedElement(TASK_RELEASE_INVENTORY)
        .isCompleted();
  }

  @Test
  void invalidOrder_isRejectedWithTheReason() {
    String orderId = placeOrder();
    long instance = instanceOf(orderId);
    throwError(JOB_RESERVE_INVENTORY, orderId, ERROR_INVALID_ORDER, "invalid order: it has no lines");

    ActivatedJob publish = awaitJob(JOB_PUBLISH_ORDER_REJECTED, orderId);
    assertThat(publish.getVariablesAsMap())
        .containsEntry(VAR_REJECTION_REASON, "invalid order: it has no lines");
    client.newCompleteCommand(publish).send().join();
    engine.awaitIdle();

    assertInstance(instance)
        .hasPassedElementsInOrder(BOUNDARY_INVALID_ORDER, TASK_PUBLISH_ORDER_REJECTED, END_ORDER_REJECTED)
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
    return placeOrder(Map.of(VAR_PAYMENT_TIMEOUT, "PT2H"));
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

  private List<ActivatedJob> activate(String type) {
    return client
        .newActivateJobsCommand()
        .jobType(type)
        .maxJobsToActivate(10)
        .timeout(Duration.ofMinutes(5))
        .requestTimeout(Duration.ofSeconds(1))
        .send()
        .join()
        .getJobs();
  }
}
