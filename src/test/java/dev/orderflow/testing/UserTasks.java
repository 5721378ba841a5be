package dev.orderflow.testing;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.intent.UserTaskIntent;
import io.camunda.zeebe.protocol.record.value.UserTaskRecordValue;
import io.camunda.zeebe.protocol.record.value.deployment.FormMetadataValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * What Tasklist shows and does, for tests and the embedded demo. Production code completes no user
 * task: people do, in Tasklist.
 *
 * <p>The in-memory engine of zeebe-process-test serves no REST API, so the client's {@code
 * newCompleteUserTaskCommand} cannot reach it. Of the two ways left, this class uses process
 * instance modification through the public gRPC API: it terminates the user task's element instance
 * and activates the element after it, with the variables the form submits, set in the process scope
 * as a completed form's variables are. The trade-off: the task ends as terminated (CANCELED), not
 * COMPLETED, so completion task listeners and the task's own output mappings do not run, and
 * Operate would show a modification; the process continues exactly as after a completion. The
 * alternative, writing the engine's own user-task COMPLETE command into its log, is faithful to
 * Tasklist but reaches into engine internals that zeebe-process-test does not expose. Our user
 * tasks have neither listeners nor output mappings, so nothing is lost.
 */
public final class UserTasks {

  /** An open task, as Tasklist lists it. */
  public record Task(
      long processInstanceKey,
      long elementInstanceKey,
      String elementId,
      String formId,
      List<String> candidateGroups,
      String dueDate,
      String followUpDate) {}

  private final EmbeddedEngine engine;
  private final CamundaClient client;
  private final Map<String, String> nextElementOf;

  public UserTasks(EmbeddedEngine engine, CamundaClient client) {
    this.engine = engine;
    this.client = client;
    this.nextElementOf = nextElements("classpath*:bpmn/*.bpmn");
  }

  /** The tasks open right now, oldest first. */
  public List<Task> open() {
    Set<Long> ended =
        stream(engine.records().processInstanceRecords())
            .filter(
                r ->
                    r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED
                        || r.getIntent() == ProcessInstanceIntent.ELEMENT_TERMINATED)
            .map(Record::getKey)
            .collect(Collectors.toSet());
    Map<Long, String> formIds =
        stream(engine.records().forms())
            .map(Record::getValue)
            .collect(
                Collectors.toMap(
                    FormMetadataValue::getFormKey, FormMetadataValue::getFormId, (a, b) -> a));
    return stream(engine.records().records())
        .filter(r -> r.getValueType() == ValueType.USER_TASK)
        .filter(r -> r.getIntent() == UserTaskIntent.CREATED)
        .map(r -> (UserTaskRecordValue) r.getValue())
        .filter(task -> !ended.contains(task.getElementInstanceKey()))
        .map(
            task ->
                new Task(
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
  public java.util.Optional<Task> open(long processInstanceKey, String elementId) {
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

  /** Completes the task with what its form submits (see the class comment for how). */
  public void complete(Task task, Map<String, Object> formVariables) {
    String next = nextElementOf.get(task.elementId());
    if (next == null) {
      throw new IllegalArgumentException(
          "no single outgoing flow after user task " + task.elementId() + " in bpmn/*.bpmn");
    }
    client
        .newModifyProcessInstanceCommand(task.processInstanceKey())
        .activateElement(next)
        .withVariables(formVariables)
        .and()
        .terminateElement(task.elementInstanceKey())
        .send()
        .join();
  }

  private static Map<String, String> nextElements(String pattern) {
    try {
      Resource[] models = new PathMatchingResourcePatternResolver().getResources(pattern);
      return java.util.Arrays.stream(models)
          .map(UserTasks::read)
          .flatMap(
              model ->
                  model
                      .getModelElementsByType(io.camunda.zeebe.model.bpmn.instance.UserTask.class)
                      .stream())
          .filter(task -> task.getOutgoing().size() == 1)
          .collect(
              Collectors.toMap(
                  FlowNode::getId,
                  task -> {
                    Collection<SequenceFlow> outgoing = task.getOutgoing();
                    return outgoing.iterator().next().getTarget().getId();
                  }));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BpmnModelInstance read(Resource resource) {
    try (InputStream in = resource.getInputStream()) {
      return Bpmn.readModelFromStream(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> java.util.stream.Stream<T> stream(Iterable<T> iterable) {
    return StreamSupport.stream(iterable.spliterator(), false);
  }
}
