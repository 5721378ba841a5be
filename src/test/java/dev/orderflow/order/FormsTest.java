package dev.orderflow.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.ConditionExpression;
import io.camunda.zeebe.model.bpmn.instance.ExclusiveGateway;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeFormDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The forms in {@code forms/} are Camunda forms that Camunda 8.8 deploys and Tasklist renders, and
 * each one holds exactly the fields the process reads after its user task: the variables of the
 * decision gateway that follows, and the ones the next worker reads.
 */
class FormsTest {

  private static final Path FORMS = Path.of("forms");
  private static final Pattern VARIABLE = Pattern.compile("\\b([a-zA-Z_][a-zA-Z0-9_]*)\\s*(!=|=)");

  private static BpmnModelInstance model;
  private static final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void readModel() {
    model = Bpmn.readModelFromFile(Path.of("bpmn/order-process.bpmn").toFile());
  }

  @Test
  void everyForm_isACamunda88FormWithAnIdAndLabelledFields() throws IOException {
    try (Stream<Path> files = Files.list(FORMS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".form")).toList()) {
        JsonNode form = json.readTree(file.toFile());
        assertThat(form.path("id").asText()).as("%s id", file).isNotBlank();
        assertThat(form.path("type").asText()).isEqualTo("default");
        assertThat(form.path("executionPlatform").asText()).isEqualTo("Camunda Cloud");
        assertThat(form.path("executionPlatformVersion").asText()).startsWith("8.8");
        assertThat(form.path("schemaVersion").asInt()).isBetween(1, 19);
        form.path("components")
            .forEach(
                c -> {
                  if (c.has("key")) {
                    assertThat(c.path("label").asText())
                        .as("label of %s", c.get("key"))
                        .isNotBlank();
                  }
                });
      }
    }
  }

  @Test
  void everyUserTask_linksAFormWhoseFieldsAreExactlyWhatTheProcessReadsNext() throws IOException {
    var userTasks = model.getModelElementsByType(UserTask.class);
    assertThat(userTasks)
        .extracting(UserTask::getId)
        .containsExactlyInAnyOrder(
            OrderProcess.USER_TASK_RESOLVE_STOCK_SHORTAGE, OrderProcess.USER_TASK_REVIEW_PAYMENT);
    for (UserTask task : userTasks) {
      String formId = task.getSingleExtensionElement(ZeebeFormDefinition.class).getFormId();
      Set<String> fields = keysOf(json.readTree(FORMS.resolve(formId + ".form").toFile()));

      Set<String> decided = decisionVariablesAfter(task);
      assertThat(decided)
          .as("the gateway after %s decides on a form field", task.getId())
          .isNotEmpty();
      assertThat(fields).as("fields of %s", formId).containsAll(decided);
      Set<String> readNext = new HashSet<>(decided);
      readNext.addAll(workerVariables());
      assertThat(readNext).as("what the process reads after %s", task.getId()).containsAll(fields);
    }
  }

  @Test
  void theFormsFields_areTheOnesTheCodeNames() throws IOException {
    assertThat(
            keysOf(
                json.readTree(
                    FORMS.resolve(OrderProcess.FORM_RESOLVE_STOCK_SHORTAGE + ".form").toFile())))
        .containsExactlyInAnyOrder(
            OrderProcess.VAR_SHORTAGE_DECISION, OrderProcess.VAR_REJECTION_REASON);
    assertThat(
            keysOf(
                json.readTree(FORMS.resolve(OrderProcess.FORM_REVIEW_PAYMENT + ".form").toFile())))
        .containsExactlyInAnyOrder(
            OrderProcess.VAR_PAYMENT_DECISION, OrderProcess.VAR_REFUND_REASON);
  }

  /** The variables the conditions of the gateway right after the task compare. */
  private static Set<String> decisionVariablesAfter(UserTask task) {
    Set<String> variables = new HashSet<>();
    for (SequenceFlow out : task.getOutgoing()) {
      if (out.getTarget() instanceof ExclusiveGateway gateway) {
        for (SequenceFlow branch : gateway.getOutgoing()) {
          ConditionExpression condition = branch.getConditionExpression();
          if (condition != null) {
            Matcher matcher = VARIABLE.matcher(condition.getTextContent());
            while (matcher.find()) {
              variables.add(matcher.group(1));
            }
          }
        }
      }
    }
    return variables;
  }

  /** What the job workers read: the components of {@link OrderVariables}. */
  private static Set<String> workerVariables() {
    Set<String> names = new HashSet<>();
    Arrays.stream(OrderVariables.class.getRecordComponents()).forEach(c -> names.add(c.getName()));
    return names;
  }

  private static Set<String> keysOf(JsonNode form) {
    Set<String> keys = new HashSet<>();
    collect(form.path("components"), keys);
    return keys;
  }

  private static void collect(JsonNode components, Set<String> keys) {
    for (JsonNode component : components) {
      if (component.hasNonNull("key")) {
        keys.add(component.get("key").asText());
      }
      collect(component.path("components"), keys);
    }
  }
}
