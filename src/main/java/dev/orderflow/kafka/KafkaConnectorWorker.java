package dev.orderflow.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.config.CommandRetries;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.command.FinalCommandStep;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.camunda.client.jobhandling.CommandExceptionHandlingStrategy;
import io.camunda.client.jobhandling.CommandWrapper;
import io.camunda.client.metrics.MetricsRecorder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The job worker of Camunda's Kafka outbound connector ({@value #TYPE}): a service task drawn in
 * Modeler with the template {@code io.camunda.connectors.KAFKA.v1} publishes through the one
 * outbound sender, as Camunda's connector runtime would run it, with Orderflow's guarantees.
 *
 * <p>What the job holds, the engine has already evaluated (the template's inputs are FEEL or
 * static): {@code topic.topicName} (Spring placeholders such as {@code ${orderflow.outbound.topic}}
 * are resolved from the application's configuration), {@code message.key} and {@code message.value}
 * (a string is written as it is, anything else as JSON, as the connector does), {@code headers} (a
 * context of strings). The job completes only once the broker acknowledged the record, within
 * {@code orderflow.outbound.send-timeout} ({@link KafkaOutbound}); the response is {@code {topic,
 * partition, offset, timestamp}}.
 *
 * <p>The task headers are the connector runtime's: {@code resultVariable} (the response under that
 * name), {@code resultExpression} (FEEL over the response's fields and {@code response}; its
 * context becomes variables), {@code errorExpression} (FEEL over the response, or {@code error:
 * {code, message, type}} after a failure, and {@code job.retries}; {@code bpmnError(...)} throws a
 * BPMN error, {@code jobError(...)} fails the job as it says), {@code retryBackoff} (ISO-8601, the
 * wait before the next attempt of a failed job). A publish that fails fails the job with the reason
 * and one retry fewer; when none are left, the engine raises an incident.
 *
 * <p>The job holds its worker's thread (and one of the type's {@code
 * orderflow.outbound.max-jobs-active} slots, {@link PublishingWorkers}) only while it waits for
 * Kafka: its completion, failure or BPMN error goes to the engine without waiting for the answer,
 * as the SDK's auto-completing workers send theirs, and is sent again while the engine refuses it
 * for backpressure, until the job's deadline ({@link CommandRetries}).
 *
 * <p>Settings Orderflow does not support (credentials, bootstrap servers, additional properties,
 * schema strategies) are refused at start-up in the deployed models ({@link KafkaConnectorModels});
 * a job from another model that carries one fails without retries, naming it.
 */
@Component
public class KafkaConnectorWorker {

  /** The task type of Camunda's Kafka outbound connector. */
  public static final String TYPE = "io.camunda:connector-kafka:1";

  /** The connector's input variables, as its runtime fetches them (nothing else of the process). */
  static final String VAR_TOPIC = "topic";

  static final String VAR_MESSAGE = "message";
  static final String VAR_HEADERS = "headers";
  static final String VAR_AUTHENTICATION = "authentication";
  static final String VAR_SCHEMA_STRATEGY = "schemaStrategy";
  static final String VAR_ADDITIONAL_PROPERTIES = "additionalProperties";

  static final String HEADER_RESULT_VARIABLE = "resultVariable";
  static final String HEADER_RESULT_EXPRESSION = "resultExpression";
  static final String HEADER_ERROR_EXPRESSION = "errorExpression";
  static final String HEADER_RETRY_BACKOFF = "retryBackoff";

  /** The error code of a failed publish, as the connector's: errorExpression can test it. */
  static final String PUBLISH_FAILED_CODE = "FAIL";

  private static final Logger log = LoggerFactory.getLogger(KafkaConnectorWorker.class);

  private final KafkaOutbound outbound;
  private final ObjectMapper json;
  private final Environment environment;
  private final ApplicationEventPublisher events;
  private final CommandExceptionHandlingStrategy commandRetries;
  private final MetricsRecorder metrics;
  private final Map<String, Feel.Expression> expressions = new ConcurrentHashMap<>();

  public KafkaConnectorWorker(
      KafkaOutbound outbound,
      ObjectMapper json,
      Environment environment,
      ApplicationEventPublisher events,
      CommandExceptionHandlingStrategy commandRetries,
      MetricsRecorder metrics) {
    this.outbound = outbound;
    this.json = json;
    this.environment = environment;
    this.events = events;
    this.commandRetries = commandRetries;
    this.metrics = metrics;
  }

  @JobWorker(
      type = TYPE,
      autoComplete = false,
      fetchVariables = {
        VAR_TOPIC,
        VAR_MESSAGE,
        VAR_HEADERS,
        VAR_AUTHENTICATION,
        VAR_SCHEMA_STRATEGY,
        VAR_ADDITIONAL_PROPERTIES
      })
  public void publish(JobClient client, ActivatedJob job) {
    String where = job.getBpmnProcessId() + "/" + job.getElementId();
    Map<String, String> headers = job.getCustomHeaders();
    Duration backoff;
    try {
      backoff = backoff(headers.get(HEADER_RETRY_BACKOFF), where);
    } catch (IllegalArgumentException e) {
      fail(client, job, e.getMessage(), 0, null);
      return;
    }
    Map<String, Object> variables = job.getVariablesAsMap();

    ProducerRecord<String, byte[]> record;
    try {
      record = record(variables, where);
    } catch (IllegalArgumentException e) {
      // a setting the model cannot have: another attempt would fail the same way
      fail(client, job, e.getMessage(), 0, null);
      return;
    }

    Map<String, Object> response = null;
    Map<String, Object> error = null;
    try {
      RecordMetadata written = outbound.send(record, "key " + record.key());
      response = response(record, written);
    } catch (RuntimeException e) {
      error = new LinkedHashMap<>();
      error.put("code", PUBLISH_FAILED_CODE);
      error.put("type", e.getClass().getName());
      error.put("message", reason(e));
    }

    Map<String, Object> handling;
    try {
      handling = errorHandling(headers.get(HEADER_ERROR_EXPRESSION), where, response, error, job);
    } catch (RuntimeException e) {
      fail(client, job, where + ": " + e.getMessage(), 0, null);
      return;
    }
    if (handling != null) {
      handle(client, job, handling, where);
      return;
    }
    if (error != null) {
      fail(
          client,
          job,
          TYPE + " failed for " + where + ": " + error.get("message"),
          job.getRetries() - 1,
          backoff);
      return;
    }

    Map<String, Object> output;
    try {
      output = output(headers, where, response);
    } catch (RuntimeException e) {
      fail(client, job, where + ": " + e.getMessage(), 0, null);
      return;
    }
    try {
      events.publishEvent(
          new OutboundRecordPublished(
              record.topic(), record.key(), headersOf(record), valueOf(record)));
    } catch (RuntimeException e) {
      // what counts the records must not fail a job whose record is written
      log.warn("{}: a listener of the published record failed", where, e);
    }
    send(client.newCompleteCommand(job).variables(output), job);
  }

  /**
   * Sends the job's outcome without waiting for the engine's answer; what the engine does not take
   * is sent again or logged as {@link CommandRetries} says. No limit on the attempts but the job's
   * deadline.
   */
  private void send(FinalCommandStep<?> command, ActivatedJob job) {
    new CommandWrapper(command, job, commandRetries, metrics, Integer.MAX_VALUE).executeAsync();
  }

  /**
   * The record a job with these variables describes: what the worker writes (tests read it to see
   * what a model's task publishes).
   *
   * @param where the process and element, for errors
   * @throws IllegalArgumentException naming a setting that is missing, wrong or not supported
   */
  public ProducerRecord<String, byte[]> record(Map<String, Object> variables, String where) {
    refuseUnsupported(variables, where);
    Map<?, ?> topic = map(variables.get(VAR_TOPIC), where, "topic");
    Object topicName = topic == null ? null : topic.get("topicName");
    if (!(topicName instanceof String name) || name.isBlank()) {
      throw new IllegalArgumentException(where + ": topic.topicName is missing");
    }
    String resolved;
    try {
      resolved = environment.resolveRequiredPlaceholders(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          where + ": topic.topicName " + name + " cannot be resolved: " + e.getMessage(), e);
    }
    Map<?, ?> message = map(variables.get(VAR_MESSAGE), where, "message");
    if (message == null || message.get("value") == null) {
      throw new IllegalArgumentException(where + ": message.value is missing");
    }
    Object key = message.get("key");
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(
            resolved,
            key == null ? null : text(key, where, "message.key"),
            text(message.get("value"), where, "message.value").getBytes(StandardCharsets.UTF_8));
    Map<?, ?> headers = map(variables.get(VAR_HEADERS), where, "headers");
    if (headers != null) {
      headers.forEach(
          (header, value) -> {
            if (value == null || value instanceof Map || value instanceof Iterable) {
              throw new IllegalArgumentException(
                  where + ": header " + header + " must be a string, is " + value);
            }
            record
                .headers()
                .add(
                    String.valueOf(header), String.valueOf(value).getBytes(StandardCharsets.UTF_8));
          });
    }
    return record;
  }

  /**
   * Settings the connector has and Orderflow does not support: see {@link KafkaConnectorModels}.
   */
  private static void refuseUnsupported(Map<String, Object> variables, String where) {
    if (present(variables.get(VAR_AUTHENTICATION))) {
      throw unsupported(where, "authentication", KafkaConnectorModels.CONNECTION_FROM_SPRING);
    }
    if (variables.get(VAR_TOPIC) instanceof Map<?, ?> topic
        && present(topic.get("bootstrapServers"))
        && !ModelRoutes.OWN_BOOTSTRAP_SERVERS.equals(
            String.valueOf(topic.get("bootstrapServers")).strip())) {
      throw unsupported(
          where, "topic.bootstrapServers", KafkaConnectorModels.CONNECTION_FROM_SPRING);
    }
    if (present(variables.get(VAR_ADDITIONAL_PROPERTIES))) {
      throw unsupported(where, "additionalProperties", KafkaConnectorModels.CONNECTION_FROM_SPRING);
    }
    if (variables.get(VAR_SCHEMA_STRATEGY) instanceof Map<?, ?> schema) {
      Object type = schema.get("type");
      if (type != null && !KafkaConnectorModels.NO_SCHEMA.equals(type)) {
        throw unsupported(
            where, "schemaStrategy.type " + type, KafkaConnectorModels.JSON_OR_TEXT_ONLY);
      }
    }
  }

  private static IllegalArgumentException unsupported(String where, String setting, String why) {
    return new IllegalArgumentException(where + ": " + setting + " is not supported: " + why);
  }

  private static boolean present(Object value) {
    return switch (value) {
      case null -> false;
      case String text -> !text.isBlank();
      case Map<?, ?> map -> map.values().stream().anyMatch(KafkaConnectorWorker::present);
      default -> true;
    };
  }

  private static Map<?, ?> map(Object value, String where, String name) {
    if (value == null || value instanceof Map<?, ?>) {
      return (Map<?, ?>) value;
    }
    throw new IllegalArgumentException(where + ": " + name + " must be a context, is " + value);
  }

  /** A string as it is, anything else as JSON: as the connector serializes key and value. */
  private String text(Object value, String where, String name) {
    if (value instanceof String text) {
      return text;
    }
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(where + ": " + name + " is not JSON: " + e, e);
    }
  }

  /** The exception's message, and its root cause's when that is another. */
  private static String reason(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (cause: " + cause + ")";
  }

  static Duration backoff(String header, String where) {
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      Duration backoff = Duration.parse(header.strip());
      if (backoff.isNegative()) {
        throw new IllegalArgumentException(
            where + ": retryBackoff must not be negative, is " + header);
      }
      return backoff;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          where + ": retryBackoff is not an ISO-8601 duration (e.g. PT10S): " + header, e);
    }
  }

  private static Map<String, Object> response(
      ProducerRecord<String, byte[]> record, RecordMetadata written) {
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("topic", written == null ? record.topic() : written.topic());
    response.put("timestamp", written == null ? null : written.timestamp());
    response.put("offset", written == null ? null : written.offset());
    response.put("partition", written == null ? null : written.partition());
    return response;
  }

  /**
   * What the errorExpression says to do, or null: it sees the response's fields and {@code
   * response} after a publish, {@code error} (and {@code response.error}) after a failure, and
   * {@code job.retries}, as the connector runtime's does.
   */
  private Map<String, Object> errorHandling(
      String expression,
      String where,
      Map<String, Object> response,
      Map<String, Object> error,
      ActivatedJob job) {
    if (expression == null || expression.isBlank()) {
      return null;
    }
    Map<String, Object> context = new LinkedHashMap<>();
    Map<String, Object> result = error == null ? response : Map.of("error", error);
    context.putAll(result);
    context.put("response", result);
    context.put("job", Map.of("retries", job.getRetries()));
    Object handling = parsed(expression, where, HEADER_ERROR_EXPRESSION).evaluate(context);
    if (handling == null) {
      return null;
    }
    if (!(handling instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(
          "errorExpression must give a context (bpmnError(...), jobError(...)) or null, gave "
              + handling);
    }
    if (map.isEmpty()
        || (ConnectorFeelFunctions.BPMN_ERROR.equals(map.get(ConnectorFeelFunctions.ERROR_TYPE))
            && map.get("errorCode") == null)) {
      return null;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> typed = (Map<String, Object>) map;
    return typed;
  }

  private void handle(
      JobClient client, ActivatedJob job, Map<String, Object> handling, String where) {
    Object type = handling.get(ConnectorFeelFunctions.ERROR_TYPE);
    Map<String, Object> variables = variables(handling.get("variables"));
    if (ConnectorFeelFunctions.BPMN_ERROR.equals(type)) {
      log.info("{}: errorExpression throws BPMN error {}", where, handling.get("errorCode"));
      send(
          client
              .newThrowErrorCommand(job)
              .errorCode(String.valueOf(handling.get("errorCode")))
              .errorMessage(String.valueOf(handling.get("errorMessage")))
              .variables(variables),
          job);
    } else if (ConnectorFeelFunctions.JOB_ERROR.equals(type)) {
      Object retries = handling.get("retries");
      Object backoff = handling.get("retryBackoff");
      fail(
          client,
          job,
          String.valueOf(handling.get("errorMessage")),
          retries instanceof Number n ? n.intValue() : 0,
          backoff == null ? null : Duration.parse(backoff.toString()),
          variables);
    } else {
      fail(
          client,
          job,
          where + ": errorExpression must give bpmnError(...) or jobError(...), gave " + handling,
          0,
          null);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> variables(Object variables) {
    return variables instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  /** resultVariable and resultExpression, as the connector runtime maps a response. */
  private Map<String, Object> output(
      Map<String, String> headers, String where, Map<String, Object> response) {
    Map<String, Object> output = new LinkedHashMap<>();
    String resultVariable = headers.get(HEADER_RESULT_VARIABLE);
    if (resultVariable != null && !resultVariable.isBlank()) {
      output.put(resultVariable.strip(), response);
    }
    String resultExpression = headers.get(HEADER_RESULT_EXPRESSION);
    if (resultExpression != null && !resultExpression.isBlank()) {
      Map<String, Object> context = new LinkedHashMap<>(response);
      context.put("response", response);
      Object mapped = parsed(resultExpression, where, HEADER_RESULT_EXPRESSION).evaluate(context);
      if (mapped instanceof Map<?, ?> map) {
        map.forEach((name, value) -> output.put(String.valueOf(name), value));
      } else if (mapped != null) {
        throw new IllegalArgumentException("resultExpression must give a context, gave " + mapped);
      }
    }
    return output;
  }

  private Feel.Expression parsed(String expression, String where, String header) {
    return expressions.computeIfAbsent(
        where + " " + header + " " + expression,
        key -> Feel.parse(expression, where + " " + header));
  }

  private void fail(
      JobClient client, ActivatedJob job, String message, int retries, Duration backoff) {
    fail(client, job, message, retries, backoff, Map.of());
  }

  private void fail(
      JobClient client,
      ActivatedJob job,
      String message,
      int retries,
      Duration backoff,
      Map<String, Object> variables) {
    int left = Math.max(0, retries);
    if (left > 0) {
      log.warn("{}; {} retries left", message, left);
    } else {
      log.error("{}; no retries left, the engine raises an incident", message);
    }
    var command = client.newFailCommand(job).retries(left).errorMessage(message);
    if (backoff != null && left > 0) {
      command = command.retryBackoff(backoff);
    }
    if (!variables.isEmpty()) {
      command = command.variables(variables);
    }
    send(command, job);
  }

  private static Map<String, String> headersOf(ProducerRecord<String, byte[]> record) {
    Map<String, String> headers = new LinkedHashMap<>();
    record
        .headers()
        .forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
    return headers;
  }

  private Object valueOf(ProducerRecord<String, byte[]> record) {
    try {
      return json.readValue(record.value(), Object.class);
    } catch (java.io.IOException notJson) {
      return new String(record.value(), StandardCharsets.UTF_8);
    }
  }
}
