package dev.orderflow.kafka;

import dev.orderflow.config.DeploymentProperties;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.BoundaryEvent;
import io.camunda.zeebe.model.bpmn.instance.CatchEvent;
import io.camunda.zeebe.model.bpmn.instance.IntermediateCatchEvent;
import io.camunda.zeebe.model.bpmn.instance.Message;
import io.camunda.zeebe.model.bpmn.instance.MessageEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.ReceiveTask;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeProperties;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeProperty;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.camunda.bpm.model.xml.instance.DomElement;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * The inbound bridge's routes, read from the models the application deploys: every message start
 * event, intermediate catch event, boundary event and receive task drawn with Camunda's Kafka
 * inbound connector templates ({@code inbound.type = io.camunda:connector-kafka-inbound:1}). The
 * model is the one source of truth: a topic, a correlation key, a message id, a TTL, an activation
 * condition and the variables the process receives (the result expression) are set in Modeler.
 *
 * <p>Each element becomes a {@link Subscription}. Elements that receive the same message (e.g. an
 * order process's start event and a tracking process's receive task, both {@code OrderPlaced}) must
 * carry the same settings: one record is one message, so they share one subscription (what
 * Camunda's connector runtime calls deduplication); different settings are refused. Several
 * subscriptions may read one topic (a record may become several messages, e.g. {@code
 * PaymentCaptured} for the order and {@code PaymentReceived} for the payment's own process), told
 * apart by their activation conditions if they should not all take every record.
 *
 * <p>What the bridge cannot honour is refused at start-up, naming the process, the element and the
 * setting: per-element connection settings (credentials, bootstrap servers, consumer group,
 * additional properties; those live in Spring configuration), schema strategies other than JSON
 * without schema, explicit offsets, an offset reset other than the bridge's, a missing message id
 * expression (the engine's de-duplication needs it), and FEEL that does not parse. Topic names may
 * be Spring placeholders ({@code ${orderflow.outbound.topic}}), resolved from the configuration.
 */
@Component
public class ModelRoutes {

  /** The template's {@code inbound.type} of Camunda's Kafka inbound connector. */
  public static final String KAFKA_INBOUND = "io.camunda:connector-kafka-inbound:1";

  private static final Logger log = LoggerFactory.getLogger(ModelRoutes.class);

  /** Settings that configure the connection, which the bridge's Spring configuration owns. */
  private static final Map<String, String> CONNECTION =
      Map.of(
          "authentication.username", "credentials",
          "authentication.password", "credentials",
          "topic.bootstrapServers", "bootstrap servers",
          "groupId", "the consumer group",
          "additionalProperties", "consumer properties",
          "offsets", "explicit offsets",
          "schemaStrategy.schema", "a schema",
          "schemaStrategy.schemaRegistryUrl", "a schema registry",
          "avro.schema", "an Avro schema");

  /** The settings that make the message a record becomes (see {@link Subscription#merge}). */
  private static final List<String> MESSAGE_SETTINGS =
      List.of(
          "topic.topicName",
          "correlationKeyExpression",
          "messageIdExpression",
          "messageTtl",
          "activationCondition",
          "consumeUnmatchedEvents",
          "resultVariable",
          "resultExpression");

  /**
   * The value of {@code topic.bootstrapServers} that names the application's own connection ({@code
   * spring.kafka.bootstrap-servers}): Camunda's templates require the field, we refuse any other
   * value.
   */
  public static final String OWN_BOOTSTRAP_SERVERS = "${spring.kafka.bootstrap-servers}";

  private final Map<String, TopicRoute> byTopic;

  @Autowired
  public ModelRoutes(
      DeploymentProperties deployment, Environment environment, KafkaProperties kafka) {
    this(
        noLeftoverRoutes(environment, deployment),
        environment::resolveRequiredPlaceholders,
        // Kafka's own default when the application does not set it
        Objects.requireNonNullElse(kafka.getConsumer().getAutoOffsetReset(), "latest"));
    log.info("Inbound routes from the models:{}", listing());
  }

  /**
   * Routes from parsed models.
   *
   * @param models by file name
   * @param placeholders resolves {@code ${...}} in topic names
   * @param autoOffsetReset the bridge's consumer setting, which elements may repeat, not change
   */
  ModelRoutes(
      Map<String, BpmnModelInstance> models,
      Function<String, String> placeholders,
      String autoOffsetReset) {
    Map<String, List<Subscription>> subscriptions = new LinkedHashMap<>();
    Map<String, Subscription> byMessage = new LinkedHashMap<>();
    models.forEach(
        (file, model) -> {
          for (BaseElement element : connectorElements(model)) {
            Subscription subscription = subscription(element, placeholders, autoOffsetReset);
            Subscription same = byMessage.get(subscription.messageName());
            if (same == null) {
              byMessage.put(subscription.messageName(), subscription);
              subscriptions
                  .computeIfAbsent(subscription.topic(), topic -> new ArrayList<>())
                  .add(subscription);
            } else {
              same.merge(subscription);
            }
          }
        });
    Map<String, TopicRoute> routes = new LinkedHashMap<>();
    subscriptions.forEach(
        (topic, list) -> routes.put(topic, new TopicRoute(topic, List.copyOf(list))));
    this.byTopic = Map.copyOf(routes);
  }

  /**
   * The models, once it is sure no route is left in configuration: {@code orderflow.inbound.routes}
   * is gone, and a route set there would be ignored silently.
   */
  private static Map<String, BpmnModelInstance> noLeftoverRoutes(
      Environment environment, DeploymentProperties deployment) {
    Binder.get(environment)
        .bind("orderflow.inbound.routes", Bindable.mapOf(String.class, Object.class))
        .ifBound(
            routes -> {
              throw new IllegalStateException(
                  "orderflow.inbound.routes is set ("
                      + String.join(", ", routes.keySet())
                      + "), but routes are no longer configuration: draw each as a message event"
                      + " or receive task with Camunda's Kafka inbound connector template in a"
                      + " model (README, Kafka in the model), and remove the properties");
            });
    return read(deployment.models());
  }

  /** The models, parsed, by file name. */
  static Map<String, BpmnModelInstance> read(List<Resource> models) {
    Map<String, BpmnModelInstance> read = new TreeMap<>(); // by file name: stable order
    for (Resource resource : models) {
      try (InputStream in = resource.getInputStream()) {
        read.put(resource.getFilename(), Bpmn.readModelFromStream(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + resource, e);
      }
    }
    return read;
  }

  /** The topics the bridge subscribes to. */
  public List<String> topics() {
    return byTopic.keySet().stream().sorted().toList();
  }

  /** The route of a topic, if a model reads it. */
  public Optional<TopicRoute> route(String topic) {
    return Optional.ofNullable(byTopic.get(topic));
  }

  public Collection<TopicRoute> routes() {
    return byTopic.values();
  }

  /** The topic a message comes from, if an element receives it from Kafka. */
  public Optional<String> topicOf(String messageName) {
    return byTopic.values().stream()
        .filter(route -> route.subscriptions().stream().anyMatch(s -> s.is(messageName)))
        .map(TopicRoute::topic)
        .findFirst();
  }

  /** One line per element: process, element, topic, message. */
  String listing() {
    StringBuilder text = new StringBuilder();
    for (String topic : topics()) {
      for (Subscription s : byTopic.get(topic).subscriptions()) {
        for (String element : s.elements()) {
          text.append("\n  ")
              .append(element)
              .append(": topic ")
              .append(topic)
              .append(" -> message ")
              .append(s.messageName())
              .append(s.activation() == null ? "" : " (with an activation condition)");
        }
      }
    }
    return text.isEmpty() ? " none" : text.toString();
  }

  /** A topic and the subscriptions its records are offered to, in model order. */
  public record TopicRoute(String topic, List<Subscription> subscriptions) {}

  /**
   * What one message of the model needs from a record: the elements that receive it and the
   * connector settings they share.
   */
  public static final class Subscription {
    private final String topic;
    private final String messageName;
    private final List<String> elements = new ArrayList<>();
    private final Map<String, String> settings;
    private final Feel.Expression correlationKey;
    private final Feel.Expression messageId;
    private final Duration ttl;
    private final Feel.Expression activation;
    private final boolean consumeUnmatched;
    private final String resultVariable;
    private final Feel.Expression result;

    Subscription(
        String element,
        String topic,
        String messageName,
        Map<String, String> settings,
        Feel.Expression correlationKey,
        Feel.Expression messageId,
        Duration ttl,
        Feel.Expression activation,
        boolean consumeUnmatched,
        String resultVariable,
        Feel.Expression result) {
      this.elements.add(element);
      this.topic = topic;
      this.messageName = messageName;
      this.settings = settings;
      this.correlationKey = correlationKey;
      this.messageId = messageId;
      this.ttl = ttl;
      this.activation = activation;
      this.consumeUnmatched = consumeUnmatched;
      this.resultVariable = resultVariable;
      this.result = result;
    }

    /** Another element receiving the same message: it must say the same. */
    void merge(Subscription other) {
      if (!topic.equals(other.topic)) {
        throw refused(other, "topic.topicName", "is " + other.topic + ", while " + elements);
      }
      for (String name : union(settings.keySet(), other.settings.keySet())) {
        if (!Objects.equals(settings.get(name), other.settings.get(name))) {
          throw refused(
              other,
              name,
              "differs from "
                  + elements.getFirst()
                  + ", which receives the same message "
                  + messageName
                  + " from "
                  + topic
                  + ": one record is one message, give them the same settings");
        }
      }
      elements.add(other.elements.getFirst());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
      Set<String> all = new TreeSet<>(a);
      all.addAll(b);
      return all;
    }

    private IllegalStateException refused(Subscription other, String setting, String why) {
      return new IllegalStateException(other.elements.getFirst() + ": " + setting + " " + why);
    }

    public String topic() {
      return topic;
    }

    public String messageName() {
      return messageName;
    }

    boolean is(String name) {
      return messageName.equals(name);
    }

    /** The elements, as {@code process/element}. */
    public List<String> elements() {
      return List.copyOf(elements);
    }

    /** Null for a start event that needs no correlation key. */
    public Feel.Expression correlationKey() {
      return correlationKey;
    }

    public Feel.Expression messageId() {
      return messageId;
    }

    public Duration ttl() {
      return ttl;
    }

    /** Null if every record is taken. */
    public Feel.Expression activation() {
      return activation;
    }

    /** Whether a record this subscription does not take may be skipped (else dead-lettered). */
    public boolean consumeUnmatched() {
      return consumeUnmatched;
    }

    /** Empty if none. */
    public String resultVariable() {
      return resultVariable;
    }

    /** Null if none. */
    public Feel.Expression result() {
      return result;
    }

    @Override
    public String toString() {
      return messageName + " from " + topic + " for " + elements;
    }
  }

  /** The elements with the Kafka inbound connector, in document order (stable routes, errors). */
  private static List<BaseElement> connectorElements(BpmnModelInstance model) {
    List<BaseElement> found = new ArrayList<>();
    walk(model.getDocument().getRootElement(), model, found);
    return found;
  }

  private static void walk(DomElement dom, BpmnModelInstance model, List<BaseElement> found) {
    String id = dom.getAttribute("id");
    if (id != null
        && model.getModelElementById(id) instanceof BaseElement element
        && KAFKA_INBOUND.equals(properties(element).get("inbound.type"))) {
      found.add(element);
    }
    for (DomElement child : dom.getChildElements()) {
      walk(child, model, found);
    }
  }

  private static Map<String, String> properties(BaseElement element) {
    Map<String, String> properties = new LinkedHashMap<>();
    if (element.getExtensionElements() == null) {
      return properties;
    }
    for (ZeebeProperties list :
        element.getExtensionElements().getChildElementsByType(ZeebeProperties.class)) {
      for (ZeebeProperty property : list.getProperties()) {
        if (property.getName() != null && property.getValue() != null) {
          properties.put(property.getName(), property.getValue());
        }
      }
    }
    return properties;
  }

  private static Subscription subscription(
      BaseElement element, Function<String, String> placeholders, String autoOffsetReset) {
    String where = processOf(element) + "/" + element.getId();
    Map<String, String> p = properties(element);
    // what makes the message: elements receiving the same message must agree on these
    Map<String, String> settings = new LinkedHashMap<>();
    for (String name : MESSAGE_SETTINGS) {
      settings.put(name, p.getOrDefault(name, "").strip());
    }
    Message message = messageOf(element, where);
    boolean start = element instanceof StartEvent;

    for (Map.Entry<String, String> connection : CONNECTION.entrySet()) {
      String value = p.getOrDefault(connection.getKey(), "");
      boolean own =
          connection.getKey().equals("topic.bootstrapServers")
              && value.strip().equals(OWN_BOOTSTRAP_SERVERS);
      if (!value.isBlank() && !own) {
        throw new IllegalStateException(
            where
                + ": "
                + connection.getKey()
                + " is set, but the bridge reads every topic with one connection: "
                + connection.getValue()
                + " belong in Spring configuration (spring.kafka.*, orderflow.inbound.*)"
                + (connection.getKey().equals("topic.bootstrapServers")
                    ? "; leave it empty or " + OWN_BOOTSTRAP_SERVERS
                    : "; leave it empty"));
      }
    }
    String authentication = p.getOrDefault("authenticationType", "credentials");
    if (!authentication.equals("credentials")) {
      throw new IllegalStateException(
          where
              + ": authenticationType "
              + authentication
              + " is not supported: the connection is Spring configuration (spring.kafka.*)");
    }
    for (String schema : List.of("schemaStrategy.type", "serializationType")) {
      String value = p.getOrDefault(schema, "");
      if (!value.isBlank() && !value.equals("noSchema") && !value.equals("json")) {
        throw new IllegalStateException(
            where
                + ": "
                + schema
                + " "
                + value
                + " is not supported: the bridge reads JSON values without a schema (noSchema)");
      }
    }
    String offsetReset = p.getOrDefault("autoOffsetReset", "");
    if (!offsetReset.isBlank() && !offsetReset.equals(autoOffsetReset)) {
      throw new IllegalStateException(
          where
              + ": autoOffsetReset "
              + offsetReset
              + " differs from the bridge's consumer group, which starts at "
              + autoOffsetReset
              + " (spring.kafka.consumer.auto-offset-reset): set it to "
              + autoOffsetReset
              + " or leave it empty");
    }

    String topicName = p.getOrDefault("topic.topicName", "");
    if (topicName.isBlank()) {
      throw new IllegalStateException(where + ": topic.topicName is missing");
    }
    String topic;
    try {
      topic = placeholders.apply(topicName.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          where + ": topic.topicName " + topicName + ": " + e.getMessage(), e);
    }

    boolean correlationRequired =
        !start || "required".equals(p.getOrDefault("correlationRequired", "notRequired"));
    Feel.Expression correlationKey = null;
    if (correlationRequired) {
      correlationKey = required(p, "correlationKeyExpression", where);
    }
    String id = p.getOrDefault("messageIdExpression", "");
    if (id.isBlank()) {
      throw new IllegalStateException(
          where
              + ": messageIdExpression is missing: give the business event id (e.g."
              + " =value.eventId), so the engine drops a redelivered record's message");
    }
    Feel.Expression messageId = Feel.parse(id, where + " messageIdExpression");
    Duration ttl = ttl(p.getOrDefault("messageTtl", ""), where);
    Feel.Expression activation = optional(p, "activationCondition", where);
    boolean consumeUnmatched =
        !"false".equalsIgnoreCase(p.getOrDefault("consumeUnmatchedEvents", "true"));
    String resultVariable = p.getOrDefault("resultVariable", "").strip();
    Feel.Expression result = optional(p, "resultExpression", where);
    return new Subscription(
        where,
        topic,
        message.getName(),
        settings,
        correlationKey,
        messageId,
        ttl,
        activation,
        consumeUnmatched,
        resultVariable,
        result);
  }

  private static Feel.Expression required(Map<String, String> p, String name, String where) {
    String text = p.getOrDefault(name, "");
    if (text.isBlank()) {
      throw new IllegalStateException(where + ": " + name + " is missing");
    }
    return Feel.parse(text, where + " " + name);
  }

  private static Feel.Expression optional(Map<String, String> p, String name, String where) {
    String text = p.getOrDefault(name, "");
    return text.isBlank() ? null : Feel.parse(text, where + " " + name);
  }

  private static Duration ttl(String text, String where) {
    if (text.isBlank()) {
      return Duration.ZERO;
    }
    try {
      Duration ttl = Duration.parse(text.strip());
      if (ttl.isNegative()) {
        throw new IllegalStateException(where + ": messageTtl must not be negative: " + text);
      }
      return ttl;
    } catch (DateTimeParseException e) {
      throw new IllegalStateException(
          where + ": messageTtl " + text + " is not an ISO-8601 duration (e.g. PT2H)", e);
    }
  }

  private static Message messageOf(BaseElement element, String where) {
    Message message = null;
    if (element instanceof ReceiveTask task) {
      message = task.getMessage();
    } else if (element instanceof StartEvent
        || element instanceof IntermediateCatchEvent
        || element instanceof BoundaryEvent) {
      message =
          ((CatchEvent) element)
              .getEventDefinitions().stream()
                  .filter(MessageEventDefinition.class::isInstance)
                  .map(d -> ((MessageEventDefinition) d).getMessage())
                  .filter(Objects::nonNull)
                  .findFirst()
                  .orElse(null);
    } else {
      throw new IllegalStateException(
          where
              + ": a Kafka inbound connector on a "
              + element.getElementType().getTypeName()
              + " is not supported: use a message start, intermediate catch or boundary event, or"
              + " a receive task");
    }
    if (message == null || message.getName() == null || message.getName().isBlank()) {
      throw new IllegalStateException(where + ": the element has no message with a name");
    }
    return message;
  }

  /** The id of the process an element belongs to ({@code ?} outside any). */
  static String processOf(ModelElementInstance element) {
    for (ModelElementInstance e = element; e != null; e = e.getParentElement()) {
      if (e instanceof Process process) {
        return process.getId();
      }
    }
    return "?";
  }
}
