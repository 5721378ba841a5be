package dev.orderflow.kafka;

import static dev.orderflow.kafka.ModelRoutesFixture.catchEvent;
import static dev.orderflow.kafka.ModelRoutesFixture.model;
import static dev.orderflow.kafka.ModelRoutesFixture.receiveTask;
import static dev.orderflow.kafka.ModelRoutesFixture.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.config.DeploymentProperties;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The bridge's routes, read from the models; what it cannot honour is refused at start-up. */
class ModelRoutesTest {

  @Test
  void applicationModels_routeEveryKafkaFedMessage_fromTheElementsThatReceiveIt() {
    ModelRoutes routes = ModelRoutesFixture.application();

    assertThat(routes.topics())
        .containsExactly(
            "orders.events",
            "orders.placed",
            "payments.captured",
            "shipments.delivered",
            "shipments.dispatched");
    List<ModelRoutes.Subscription> payments =
        routes.route("payments.captured").orElseThrow().subscriptions();
    assertThat(payments)
        .extracting(ModelRoutes.Subscription::messageName)
        .containsExactly("PaymentCaptured", "PaymentReceived");
    assertThat(payments.getFirst().elements())
        .containsExactlyInAnyOrder(
            "order-process/PaymentCapturedStartEvent",
            "order-tracking/PaidStartEvent",
            "order-tracking/AwaitPaidTask");
    assertThat(payments.get(1).elements()).containsExactly("payment/PaymentReceivedStartEvent");
    assertThat(payments)
        .extracting(ModelRoutes.Subscription::ttl)
        .containsOnly(Duration.ofHours(2));
    assertThat(routes.topicOf("OrderOutcome")).contains("orders.events"); // a placeholder
    assertThat(routes.topicOf("PaymentReceived")).contains("payments.captured");
    assertThat(routes.topicOf("ShipmentDelivered")).contains("shipments.delivered");
    assertThat(routes.topicOf("OrderDecided")).isEmpty(); // the application's own, not Kafka's
    assertThat(routes.listing())
        .contains(
            "\n  order-process/OrderPlacedStartEvent: topic orders.placed -> message OrderPlaced\n",
            "\n  payment/PaymentReceivedStartEvent: topic payments.captured -> message"
                + " PaymentReceived\n");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "authentication.username | alice        | authentication.username is set",
        "authentication.password | secret       | authentication.password is set",
        "authenticationType      | custom       | authenticationType custom is not supported",
        "topic.bootstrapServers  | other:9092   | topic.bootstrapServers is set",
        "groupId                 | my-group     | groupId is set",
        "additionalProperties    | ={a: 1}      | additionalProperties is set",
        "offsets                 | 0,1          | offsets is set",
        "schemaStrategy.type     | inlineSchema | schemaStrategy.type inlineSchema is not supported",
        "autoOffsetReset         | latest       | autoOffsetReset latest differs from the bridge's",
        "messageIdExpression     | ''           | messageIdExpression is missing",
        "correlationKeyExpression | =key +      | correlationKeyExpression: not a FEEL expression",
        "resultExpression        | ={a:         | resultExpression: not a FEEL expression",
        "messageTtl              | 2 hours      | messageTtl 2 hours is not an ISO-8601 duration",
        "messageTtl              | -PT1H        | messageTtl must not be negative",
        "topic.topicName         | ${no.such.topic} | topic.topicName ${no.such.topic}",
      })
  void settingTheBridgeCannotHonour_isRefusedAtStartUp_namingProcessElementAndSetting(
      String setting, String value, String reason) {
    String model =
        model(
            "returns",
            catchEvent("ReturnReceivedEvent", "ReturnReceived", "returns", setting, value));

    assertThatThrownBy(() -> ModelRoutesFixture.of(model))
        .hasMessageStartingWith("returns/ReturnReceivedEvent")
        .hasMessageContaining(reason);
  }

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties({DeploymentProperties.class, KafkaProperties.class})
  @Import(ModelRoutes.class)
  static class Routes {}

  @Test
  void deployedModelWithASettingTheBridgeCannotHonour_stopsTheApplicationAtStartUp() {
    new ApplicationContextRunner()
        .withUserConfiguration(Routes.class)
        .withPropertyValues(
            "spring.kafka.consumer.auto-offset-reset=earliest",
            "orderflow.deployment.resources=classpath*:/refused-models/own-consumer-group.bpmn")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageStartingWith(
                      "audit-notes-with-own-group/AuditNoteEvent: groupId is set, but the bridge"
                          + " reads every topic with one connection");
            });
    new ApplicationContextRunner()
        .withUserConfiguration(Routes.class)
        .withPropertyValues(
            "spring.kafka.consumer.auto-offset-reset=earliest",
            "orderflow.outbound.topic=orders.events")
        .run(context -> assertThat(context.getBean(ModelRoutes.class).topics()).hasSize(5));
  }

  @Test
  void routeLeftInConfiguration_isRefusedAtStartUp_notIgnored() {
    new ApplicationContextRunner()
        .withUserConfiguration(Routes.class)
        .withPropertyValues(
            "spring.kafka.consumer.auto-offset-reset=earliest",
            "orderflow.outbound.topic=orders.events",
            "orderflow.inbound.routes.return-received.topic=returns.received")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageStartingWith(
                        "orderflow.inbound.routes is set (return-received), but routes are no"
                            + " longer configuration"));
  }

  @Test
  void theBridgesOwnConnection_mayBeNamedInTheModel() {
    ModelRoutes routes =
        ModelRoutesFixture.returnReceived(
            "returns",
            "topic.bootstrapServers",
            "${spring.kafka.bootstrap-servers}",
            "autoOffsetReset",
            "earliest",
            "authenticationType",
            "credentials",
            "schemaStrategy.type",
            "noSchema");

    assertThat(routes.topics()).containsExactly("returns");
  }

  @Test
  void elementsReceivingOneMessage_shareOneSubscription_orAreRefusedIfTheyDisagree() {
    ModelRoutes same =
        ModelRoutesFixture.of(
            model("a", start("ReturnStartEvent", "Return", "returns")),
            model("b", receiveTask("AwaitReturnTask", "Return", "returns")));
    assertThat(same.route("returns").orElseThrow().subscriptions())
        .singleElement()
        .extracting(ModelRoutes.Subscription::elements)
        .isEqualTo(List.of("a/ReturnStartEvent", "b/AwaitReturnTask"));

    assertThatThrownBy(
            () ->
                ModelRoutesFixture.of(
                    model("a", start("ReturnStartEvent", "Return", "returns")),
                    model(
                        "b",
                        receiveTask("AwaitReturnTask", "Return", "returns", "messageTtl", "PT5M"))))
        .hasMessageStartingWith("b/AwaitReturnTask: messageTtl differs from a/ReturnStartEvent")
        .hasMessageContaining("one record is one message");
  }

  @Test
  void elementWithoutATtl_publishesMessagesThatAreNotBuffered() {
    ModelRoutes routes = ModelRoutesFixture.returnReceived("returns", "messageTtl", null);

    assertThat(routes.route("returns").orElseThrow().subscriptions().getFirst().ttl())
        .isEqualTo(Duration.ZERO);
  }

  @Test
  void startEventWithoutCorrelation_needsNoCorrelationKey() {
    ModelRoutes routes =
        ModelRoutesFixture.of(
            model(
                "returns",
                start(
                    "ReturnStartEvent",
                    "Return",
                    "returns",
                    "correlationRequired",
                    "notRequired",
                    "correlationKeyExpression",
                    null)));

    assertThat(routes.route("returns").orElseThrow().subscriptions().getFirst().correlationKey())
        .isNull();
  }

  @Test
  void connectorOnAnElementThatReceivesNoMessage_isRefusedAtStartUp() {
    assertThatThrownBy(
            () ->
                ModelRoutesFixture.of(model("returns", catchEvent("NamelessEvent", "", "returns"))))
        .hasMessage("returns/NamelessEvent: the element has no message with a name");
    String serviceTask =
        model("returns")
            .replace(
                "  </bpmn:process>",
                """
                    <bpmn:serviceTask id="ListenTask">
                      <bpmn:extensionElements>
                        <zeebe:properties>
                          <zeebe:property name="inbound.type" value="%s" />
                        </zeebe:properties>
                      </bpmn:extensionElements>
                    </bpmn:serviceTask>
                  </bpmn:process>"""
                    .formatted(ModelRoutes.KAFKA_INBOUND));
    assertThatThrownBy(() -> ModelRoutesFixture.of(serviceTask))
        .hasMessageStartingWith(
            "returns/ListenTask: a Kafka inbound connector on a serviceTask is not supported");
  }

  @Test
  void elementWithoutTheConnector_isNoRoute() {
    ModelRoutes routes =
        ModelRoutesFixture.returnReceived("returns", "inbound.type", "io.camunda:webhook:1");

    assertThat(routes.topics()).isEmpty();
    assertThat(routes.listing()).isEqualTo(" none");
  }
}
