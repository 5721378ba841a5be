package dev.orderflow.testing;

import static dev.orderflow.order.OrderProcess.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.intent.UserTaskIntent;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Tasklist stand-in: it lists what Tasklist shows and completes a task the way a submitted form
 * does, so the process continues after the task with the form's variables.
 */
class UserTasksTest {

  private EmbeddedEngine engine;
  private CamundaClient client;
  private UserTasks tasklist;
  private long instance;

  @BeforeEach
  void openAShortageTask() {
    engine = EmbeddedEngine.start();
    client = engine.newClient();
    tasklist = new UserTasks(engine);
    client
        .newDeployResourceCommand()
        .addResourceFromClasspath("bpmn/order-process.bpmn")
        .addResourceFromClasspath("forms/resolve-stock-shortage.form")
        .addResourceFromClasspath("forms/review-payment.form")
        .send()
        .join();
    client
        .newPublishMessageCommand()
        .messageName(MESSAGE_ORDER_PLACED)
        .correlationKey("order-1")
        .variables(Map.of(VAR_ORDER_ID, "order-1"))
        .send()
        .join();
    engine.awaitIdle();
    instance = engine.instancesStartedFor("order-1").getFirst();
    client
        .newThrowErrorCommand(activate(JOB_RESERVE_INVENTORY).getFirst())
        .errorCode(ERROR_OUT_OF_STOCK)
        .variables(
            Map.of(
                VAR_REJECTION_REASON, "out of stock",
                VAR_SHORTAGES, List.of(),
                VAR_DESK_GROUPS, List.of("order-desk", "supervisors"),
                VAR_DESK_DUE_DATE, "2026-12-01T09:00:00Z",
                VAR_DESK_FOLLOW_UP_DATE, "2026-11-30T09:00:00Z"))
        .send()
        .join();
    engine.awaitIdle();
  }

  @AfterEach
  void stop() {
    client.close();
    engine.close();
  }

  @Test
  void open_listsTheTaskWithItsFormGroupsAndDates() {
    assertThat(tasklist.open())
        .singleElement()
        .satisfies(
            task -> {
              assertThat(task.processInstanceKey()).isEqualTo(instance);
              assertThat(task.elementId()).isEqualTo(USER_TASK_RESOLVE_STOCK_SHORTAGE);
              assertThat(task.formId()).isEqualTo(FORM_RESOLVE_STOCK_SHORTAGE);
              assertThat(task.candidateGroups()).containsExactly("order-desk", "supervisors");
              assertThat(task.dueDate()).startsWith("2026-12-01T09:00");
              assertThat(task.followUpDate()).startsWith("2026-11-30T09:00");
            });
  }

  @Test
  void complete_closesTheTask_andTheProcessGoesOnWithTheFormsVariablesInItsScope() {
    UserTasks.Task task = tasklist.open(instance, USER_TASK_RESOLVE_STOCK_SHORTAGE).orElseThrow();

    tasklist.complete(task, Map.of(VAR_SHORTAGE_DECISION, DECISION_RETRY));
    engine.awaitIdle();

    assertThat(tasklist.open()).isEmpty();
    assertThat(
            StreamSupport.stream(engine.records().variableRecords().spliterator(), false)
                .map(r -> r.getValue())
                .filter(v -> v.getName().equals(VAR_SHORTAGE_DECISION))
                .map(VariableRecordValue::getScopeKey))
        .as("the decision is a process variable, as a submitted form's fields are")
        .containsOnly(instance);
    assertThat(activate(JOB_RESERVE_INVENTORY)).as("the retry").hasSize(1);
  }

  @Test
  void complete_endsTheTaskCompleted_asOperateShowsATaskDoneInTasklist() {
    UserTasks.Task task = tasklist.open(instance, USER_TASK_RESOLVE_STOCK_SHORTAGE).orElseThrow();

    tasklist.complete(task, Map.of(VAR_SHORTAGE_DECISION, DECISION_RETRY));
    engine.awaitIdle();

    assertThat(
            StreamSupport.stream(engine.records().records().spliterator(), false)
                .filter(r -> r.getValueType() == ValueType.USER_TASK)
                .filter(r -> r.getKey() == task.userTaskKey())
                .map(r -> r.getIntent()))
        .contains(UserTaskIntent.COMPLETED)
        .doesNotContain(UserTaskIntent.CANCELED);
    assertThat(
            StreamSupport.stream(engine.records().processInstanceRecords().spliterator(), false)
                .filter(r -> r.getKey() == task.elementInstanceKey())
                .map(r -> r.getIntent()))
        .contains(ProcessInstanceIntent.ELEMENT_COMPLETED)
        .doesNotContain(ProcessInstanceIntent.ELEMENT_TERMINATED);
  }

  @Test
  void complete_aTaskAlreadyCompleted_isRefusedByTheEngine() {
    UserTasks.Task task = tasklist.open(instance, USER_TASK_RESOLVE_STOCK_SHORTAGE).orElseThrow();
    tasklist.complete(task, Map.of(VAR_SHORTAGE_DECISION, DECISION_RETRY));

    assertThatThrownBy(() -> tasklist.complete(task, Map.of(VAR_SHORTAGE_DECISION, DECISION_RETRY)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("refused")
        .hasMessageContaining(USER_TASK_RESOLVE_STOCK_SHORTAGE);
  }

  private List<ActivatedJob> activate(String type) {
    return EmbeddedEngine.activateJobs(client, type);
  }
}
