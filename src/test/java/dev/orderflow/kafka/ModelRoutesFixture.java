package dev.orderflow.kafka;

import dev.orderflow.config.DeploymentProperties;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.springframework.util.PropertyPlaceholderHelper;

/** Routes as the application reads them from models: its own, or models written in a test. */
final class ModelRoutesFixture {

  /** What the models' placeholders resolve to, as application.yaml sets them. */
  static final Map<String, String> CONFIGURATION =
      Map.of("orderflow.outbound.topic", "orders.events");

  private static final PropertyPlaceholderHelper PLACEHOLDERS =
      new PropertyPlaceholderHelper("${", "}", ":", null, false);

  private ModelRoutesFixture() {}

  /** The routes of the models the application deploys (bpmn/*.bpmn). */
  static ModelRoutes application() {
    DeploymentProperties deployment =
        new DeploymentProperties(
            new DeploymentProperties.Retry(Duration.ofSeconds(1), 2, Duration.ofSeconds(30)),
            Duration.ofSeconds(10));
    return new ModelRoutes(
        ModelRoutes.read(deployment.models()), ModelRoutesFixture::resolve, "earliest");
  }

  /** The routes of these models (XML), by their order. */
  static ModelRoutes of(String... models) {
    Map<String, BpmnModelInstance> read = new LinkedHashMap<>();
    for (int i = 0; i < models.length; i++) {
      read.put(
          "model-" + i + ".bpmn",
          Bpmn.readModelFromStream(
              new ByteArrayInputStream(models[i].getBytes(StandardCharsets.UTF_8))));
    }
    return new ModelRoutes(read, ModelRoutesFixture::resolve, "earliest");
  }

  static String resolve(String text) {
    Properties properties = new Properties();
    properties.putAll(CONFIGURATION);
    String resolved = PLACEHOLDERS.replacePlaceholders(text, properties);
    if (resolved.contains("${")) {
      throw new IllegalArgumentException("Could not resolve placeholder in " + text);
    }
    return resolved;
  }

  /**
   * An element drawn with a Kafka inbound connector template.
   *
   * @param kind {@code startEvent}, {@code intermediateCatchEvent} or {@code receiveTask}
   */
  record Element(String id, String kind, String message, Map<String, String> properties) {}

  /** A start event with the connector's properties, plus {@code more} (name, value, ...). */
  static Element start(String id, String message, String topic, String... more) {
    Map<String, String> properties = connector(topic, more);
    properties.putIfAbsent("correlationRequired", "required");
    return new Element(id, "startEvent", message, properties);
  }

  static Element catchEvent(String id, String message, String topic, String... more) {
    return new Element(id, "intermediateCatchEvent", message, connector(topic, more));
  }

  static Element receiveTask(String id, String message, String topic, String... more) {
    return new Element(id, "receiveTask", message, connector(topic, more));
  }

  /** The template's properties with our usual settings: key = the record key, id = eventId. */
  private static Map<String, String> connector(String topic, String... more) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("inbound.type", ModelRoutes.KAFKA_INBOUND);
    properties.put("topic.topicName", topic);
    properties.put("correlationKeyExpression", "=key");
    properties.put("messageIdExpression", "=value.eventId");
    properties.put("messageTtl", "PT1H");
    for (int i = 0; i < more.length; i += 2) {
      if (more[i + 1] == null) {
        properties.remove(more[i]);
      } else {
        properties.put(more[i], more[i + 1]);
      }
    }
    return properties;
  }

  /** A model of one process holding these elements (not connected: only their settings count). */
  static String model(String processId, Element... elements) {
    StringBuilder process = new StringBuilder();
    StringBuilder messages = new StringBuilder();
    for (Element element : elements) {
      String messageId = "Message_" + element.id();
      messages.append(
          "  <bpmn:message id=\"%s\" name=\"%s\" />\n".formatted(messageId, element.message()));
      String reference =
          element.kind().equals("receiveTask") ? " messageRef=\"" + messageId + "\"" : "";
      process.append(
          "    <bpmn:%s id=\"%s\"%s>\n".formatted(element.kind(), element.id(), reference));
      process.append("      <bpmn:extensionElements>\n        <zeebe:properties>\n");
      element
          .properties()
          .forEach(
              (name, value) ->
                  process.append(
                      "          <zeebe:property name=\"%s\" value=\"%s\" />\n"
                          .formatted(name, escape(value))));
      process.append("        </zeebe:properties>\n      </bpmn:extensionElements>\n");
      if (!element.kind().equals("receiveTask")) {
        process.append(
            "      <bpmn:messageEventDefinition id=\"%s_Definition\" messageRef=\"%s\" />\n"
                .formatted(element.id(), messageId));
      }
      process.append("    </bpmn:%s>\n".formatted(element.kind()));
    }
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" \
        xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Definitions_%1$s" \
        targetNamespace="http://orderflow.example.com/test">
          <bpmn:process id="%1$s" isExecutable="true">
        %2$s  </bpmn:process>
        %3$s</bpmn:definitions>
        """
        .formatted(processId, process, messages);
  }

  private static String escape(String value) {
    return value
        .replace("&", "&amp;")
        .replace("\"", "&quot;")
        .replace("<", "&lt;")
        .replace("\n", "&#10;");
  }

  /**
   * A process "returns" with one catch event for ReturnReceived on the topic, with these settings.
   */
  static ModelRoutes returnReceived(String topic, String... settings) {
    return of(
        model("returns", catchEvent("ReturnReceivedEvent", "ReturnReceived", topic, settings)));
  }

  /** One route on the topic: PaymentCaptured by the record key, with the order id and amount. */
  static ModelRoutes payments(String topic) {
    return of(
        model(
            "payments",
            catchEvent(
                "PaymentCapturedEvent",
                "PaymentCaptured",
                topic,
                "messageTtl",
                "PT2H",
                "resultExpression",
                "={orderId: key, amount: value.amount}")));
  }
}
