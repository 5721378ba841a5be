package dev.orderflow.kafka;

import dev.orderflow.config.DeploymentProperties;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeHeader;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeInput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeIoMapping;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Checks at start-up every Kafka connector task ({@value KafkaConnectorWorker#TYPE}) of the models
 * the application deploys, and refuses to start on a setting Orderflow does not support, naming the
 * process, the element and the setting: credentials ({@code authentication.*}), bootstrap servers
 * and additional producer properties (the connection is {@code spring.kafka.*}, for every task
 * alike), a schema strategy other than {@code noSchema} (values are JSON or text), a {@code
 * jobTimeout} (the job timeout is the worker's, {@code camunda.client.worker.*}, checked against
 * {@code orderflow.outbound.send-timeout}). It also refuses what would fail every job: no topic or
 * no value, a topic placeholder the configuration cannot resolve, a {@code retryBackoff} that is
 * not an ISO-8601 duration, a {@code resultExpression} or {@code errorExpression} that is not FEEL.
 */
@Component
public class KafkaConnectorModels {

  static final String CONNECTION_FROM_SPRING =
      "the connection to Kafka is the application's (spring.kafka.*), the same for every task";
  static final String JSON_OR_TEXT_ONLY = "values are written as JSON or text (noSchema)";
  static final String NO_SCHEMA = "noSchema";

  /** What a connector task of the deployed models says. */
  public record Task(String process, String element, Map<String, String> inputs) {}

  private final List<Task> tasks = new ArrayList<>();

  /** Checks the models the application deploys ({@code orderflow.deployment.resources}). */
  @Autowired
  public KafkaConnectorModels(Environment environment, DeploymentProperties deployment) {
    ModelRoutes.read(deployment.models()).values().forEach(model -> check(environment, model));
  }

  /** Checks the models at these locations (Spring resource patterns). */
  public KafkaConnectorModels(Environment environment, String... locations) {
    PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
    for (String location : locations) {
      Resource[] models;
      try {
        models = resolver.getResources(location);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + location, e);
      }
      ModelRoutes.read(List.of(models)).values().forEach(model -> check(environment, model));
    }
  }

  /** The connector tasks found, in the order of the models. */
  public List<Task> tasks() {
    return List.copyOf(tasks);
  }

  private void check(Environment environment, BpmnModelInstance model) {
    for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
      ZeebeTaskDefinition definition = task.getSingleExtensionElement(ZeebeTaskDefinition.class);
      if (definition == null || !KafkaConnectorWorker.TYPE.equals(definition.getType())) {
        continue;
      }
      String where = "process " + ModelRoutes.processOf(task) + ", element " + task.getId();
      Map<String, String> inputs = new LinkedHashMap<>();
      ZeebeIoMapping io = task.getSingleExtensionElement(ZeebeIoMapping.class);
      if (io != null) {
        for (ZeebeInput input : io.getInputs()) {
          inputs.put(input.getTarget(), input.getSource());
        }
      }
      Map<String, String> headers = new LinkedHashMap<>();
      ZeebeTaskHeaders taskHeaders = task.getSingleExtensionElement(ZeebeTaskHeaders.class);
      if (taskHeaders != null) {
        for (ZeebeHeader header : taskHeaders.getHeaders()) {
          headers.put(header.getKey(), header.getValue());
        }
      }
      checkInputs(environment, where, inputs);
      checkHeaders(where, headers);
      tasks.add(new Task(ModelRoutes.processOf(task), task.getId(), Map.copyOf(inputs)));
    }
  }

  private static void checkInputs(Environment environment, String where, Map<String, String> in) {
    for (var input : in.entrySet()) {
      String target = input.getKey();
      String source = input.getValue();
      if (target.equals("authentication") || target.startsWith("authentication.")) {
        throw refused(where, target, "per-element credentials; " + CONNECTION_FROM_SPRING);
      }
      if (target.equals("topic.bootstrapServers")
          && !ModelRoutes.OWN_BOOTSTRAP_SERVERS.equals(source == null ? "" : source.strip())) {
        throw refused(where, target, "per-element bootstrap servers; " + CONNECTION_FROM_SPRING);
      }
      if (target.equals("additionalProperties")) {
        throw refused(where, target, "per-element producer properties; " + CONNECTION_FROM_SPRING);
      }
      if (target.equals("schemaStrategy.type")) {
        if (!NO_SCHEMA.equals(source == null ? null : source.strip())) {
          throw refused(
              where, target + " " + source, "Avro or a schema registry; " + JSON_OR_TEXT_ONLY);
        }
      } else if (target.equals("schemaStrategy") || target.startsWith("schemaStrategy.")) {
        throw refused(where, target, "Avro or a schema registry; " + JSON_OR_TEXT_ONLY);
      }
    }
    String topic = in.get("topic.topicName");
    if (topic == null || topic.isBlank()) {
      throw new IllegalStateException(where + ": the Kafka connector has no topic.topicName");
    }
    if (!topic.strip().startsWith("=")) {
      try {
        environment.resolveRequiredPlaceholders(topic);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(
            where + ": topic.topicName " + topic + " cannot be resolved: " + e.getMessage());
      }
    }
    String value = in.get("message.value");
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(where + ": the Kafka connector has no message.value");
    }
  }

  private static void checkHeaders(String where, Map<String, String> headers) {
    String jobTimeout = headers.get("jobTimeout");
    if (jobTimeout != null && !jobTimeout.isBlank()) {
      throw refused(
          where,
          "jobTimeout",
          "the job timeout is the worker's (camunda.client.worker.*), checked against"
              + " orderflow.outbound.send-timeout");
    }
    try {
      KafkaConnectorWorker.backoff(headers.get(KafkaConnectorWorker.HEADER_RETRY_BACKOFF), where);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage());
    }
    for (String header :
        List.of(
            KafkaConnectorWorker.HEADER_RESULT_EXPRESSION,
            KafkaConnectorWorker.HEADER_ERROR_EXPRESSION)) {
      String expression = headers.get(header);
      if (expression != null && !expression.isBlank()) {
        try {
          Feel.parse(expression, where + " " + header);
        } catch (IllegalArgumentException e) {
          throw new IllegalStateException(e.getMessage());
        }
      }
    }
  }

  private static IllegalStateException refused(String where, String setting, String why) {
    return new IllegalStateException(
        where + ": the Kafka connector setting " + setting + " is not supported (" + why + ")");
  }
}
