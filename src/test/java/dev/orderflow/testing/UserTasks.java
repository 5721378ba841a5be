package dev.orderflow.testing;

import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.Intent;
import io.camunda.zeebe.protocol.record.intent.UserTaskIntent;
import io.camunda.zeebe.protocol.record.value.UserTaskRecordValue;
import io.camunda.zeebe.protocol.record.value.deployment.FormMetadataValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;

/**
 * What Tasklist shows and does, for tests and the embedded demo. Production code completes no user
 * task: people do, in Tasklist.
 *
 * <p>The embedded engine serves no REST API, so the client's {@code newCompleteUserTaskCommand}
 * cannot reach it. {@link #complete} hands the engine what Tasklist's REST call becomes at the
 * broker instead: the user-task COMPLETE command with the form's variables ({@link
 * EmbeddedEngine#completeUserTask}). The task ends COMPLETED, as Operate shows it on a real
 * cluster, and the process continues from it exactly as after a person's completion.
 */
public final class UserTasks {

  /** An open task, as Tasklist lists it. */
  public record Task(
      long userTaskKey,
      long processInstanceKey,
      long elementInstanceKey,
      String elementId,
      String formId,
      List<String> candidateGroups,
      String dueDate,
      String followUpDate) {}

  private static final Set<Intent> ENDED =
      Set.of(UserTaskIntent.COMPLETED, UserTaskIntent.CANCELED);

  /** The engine may be behind a backlog (the demo works the desk while its orders flow). */
  private static final Duration COMPLETION_TIMEOUT = Duration.ofMinutes(2);

  private final EmbeddedEngine engine;

  public UserTasks(EmbeddedEngine engine) {
    this.engine = engine;
  }

  /** The tasks open right now, oldest first. */
  public List<Task> open() {
    List<Record<?>> userTaskRecords =
        stream(engine.records().records())
            .filter(r -> r.getValueType() == ValueType.USER_TASK)
            .filter(r -> r.getRecordType() == RecordType.EVENT)
            .toList();
    Set<Long> ended =
        userTaskRecords.stream()
            .filter(r -> ENDED.contains(r.getIntent()))
            .map(Record::getKey)
            .collect(Collectors.toSet());
    Map<Long, String> formIds =
        stream(engine.records().forms())
            .map(Record::getValue)
            .collect(
                Collectors.toMap(
                    FormMetadataValue::getFormKey, FormMetadataValue::getFormId, (a, b) -> a));
    return userTaskRecords.stream()
        .filter(r -> r.getIntent() == UserTaskIntent.CREATED)
        .filter(r -> !ended.contains(r.getKey()))
        .map(r -> (UserTaskRecordValue) r.getValue())
        .map(
            task ->
                new Task(
                    task.getUserTaskKey(),
                    task.getProcessInstanceKey(),
                    task.getElementInstanceKey(),
                    task.getElementId(),
                    formIds.get(task.getFormKey()),
                    task.getCandidateGroupsList(),
                    task.getDueDate(),
                    task.getFollowUpDate()))
        .toList();
  }

  /** The open task of this instance at this element, if there is one. */
  public Optional<Task> open(long processInstanceKey, String elementId) {
    return open().stream()
        .filter(
            t -> t.processInstanceKey() == processInstanceKey && t.elementId().equals(elementId))
        .findFirst();
  }

  /** A process variable of the task's instance as text, as the form shows it (null if unset). */
  public String variable(Task task, String name) {
    return stream(engine.records().variableRecords())
        .map(Record::getValue)
        .filter(v -> v.getScopeKey() == task.processInstanceKey() && v.getName().equals(name))
        .reduce((first, last) -> last)
        .map(v -> v.getValue().replaceAll("^\"|\"$", ""))
        .orElse(null);
  }

  /**
   * Submits the task's form, as Tasklist does, and returns at once: the engine completes the task
   * when it reaches the command (the demo's desk does not wait behind a backlog of orders).
   *
   * @return the command's position in the engine's log
   */
  public long submit(Task task, Map<String, Object> formVariables) {
    return engine.completeUserTask(task.userTaskKey(), formVariables);
  }

  /**
   * Completes the task with what its form submits, as Tasklist does, and returns once the engine
   * has completed it.
   *
   * @throws IllegalStateException if the engine rejects the completion or does not answer in time
   */
  public void complete(Task task, Map<String, Object> formVariables) {
    long command = submit(task, formVariables);
    Record<?> record =
        Awaitility.await("user task " + task.elementId() + " completed by the engine")
            .pollInSameThread()
            .pollInterval(Duration.ofMillis(20))
            .atMost(COMPLETION_TIMEOUT)
            .until(() -> answerTo(command, task), Optional::isPresent)
            .get();
    if (record.getRecordType() == RecordType.COMMAND_REJECTION) {
      throw new IllegalStateException(
          "the engine refused to complete user task "
              + task.elementId()
              + " of instance "
              + task.processInstanceKey()
              + ": "
              + record.getRejectionType()
              + " "
              + record.getRejectionReason());
    }
  }

  /** The engine's answer to the COMPLETE command at this log position, once it is written. */
  private Optional<Record<?>> answerTo(long command, Task task) {
    return engine.recordsAfter(command).stream()
        .filter(r -> r.getValueType() == ValueType.USER_TASK)
        .filter(r -> r.getKey() == task.userTaskKey())
        .filter(
            r ->
                r.getIntent() == UserTaskIntent.COMPLETED
                    || (r.getRecordType() == RecordType.COMMAND_REJECTION
                        && r.getIntent() == UserTaskIntent.COMPLETE))
        .findFirst();
  }

  private static <T> java.util.stream.Stream<T> stream(Iterable<T> iterable) {
    return StreamSupport.stream(iterable.spliterator(), false);
  }
}
