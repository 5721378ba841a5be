package dev.orderflow.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.util.unit.DataSize;

/** A route that cannot work is refused at start-up, saying which route and which setting. */
class InboundPropertiesTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(InboundProperties.class)
  static class Config {}

  /** The order routes of application.yaml, as properties. */
  private static final String[] ROUTES = {
    "orderflow.inbound.group-id=orderflow-inbound-bridge",
    "orderflow.inbound.routes.order-placed.topic=orders.placed",
    "orderflow.inbound.routes.order-placed.message-name=OrderPlaced",
    "orderflow.inbound.routes.order-placed.message-id=/eventId",
    "orderflow.inbound.routes.order-placed.ttl=PT2H",
    "orderflow.inbound.routes.order-placed.variables.orderId=string",
    "orderflow.inbound.routes.order-placed.variables.customerId=string",
    "orderflow.inbound.routes.order-placed.variables.items=array",
    "orderflow.inbound.routes.order-placed.variables.total=number",
    "orderflow.inbound.routes.order-placed.required=orderId,items",
    "orderflow.inbound.routes.order-placed.static-variables.paymentTimeout=PT2H",
    "orderflow.inbound.routes.payment-captured.topic=payments.captured",
    "orderflow.inbound.routes.payment-captured.message-name=PaymentCaptured",
    "orderflow.inbound.routes.payment-captured.message-id=/eventId",
    "orderflow.inbound.routes.payment-captured.ttl=PT2H",
    "orderflow.inbound.routes.payment-captured.variables.paymentId=string",
    "orderflow.inbound.routes.payment-captured.variables.amount=number",
    "orderflow.inbound.routes.payment-captured.required=amount",
    "orderflow.inbound.routes.payment-captured.key-variable=orderId"
  };

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(Config.class).withPropertyValues(ROUTES);

  @Test
  void routesLikeApplicationYaml_bindWithTheirDefaults() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          InboundProperties properties = context.getBean(InboundProperties.class);
          assertThat(properties.topics()).containsExactly("orders.placed", "payments.captured");
          assertThat(properties.maxRecordSize()).isEqualTo(DataSize.ofMegabytes(1));
          assertThat(properties.maxInFlight()).isEqualTo(32);
          InboundProperties.Route orders = properties.routes().get("order-placed");
          assertThat(orders.name()).isEqualTo("order-placed");
          assertThat(orders.correlationKey()).isEmpty();
          assertThat(orders.ttl()).isEqualTo(Duration.ofHours(2));
          assertThat(orders.variables())
              .containsEntry("orderId", FieldType.STRING)
              .containsEntry("items", FieldType.ARRAY)
              .containsEntry("total", FieldType.NUMBER);
          assertThat(orders.required()).containsExactly("orderId", "items");
          assertThat(orders.staticVariables()).containsEntry("paymentTimeout", "PT2H");
          assertThat(orders.keyVariable()).as("none by default").isEmpty();
          assertThat(properties.routes().get("payment-captured").keyVariable())
              .isEqualTo("orderId");
        });
  }

  @Test
  void routeWithoutMessageId_isRefusedAtStartUpNamingTheRoute() {
    new ApplicationContextRunner()
        .withUserConfiguration(Config.class)
        .withPropertyValues(without("orderflow.inbound.routes.payment-captured.message-id"))
        .run(
            context ->
                assertThat(startupFailureReason(context.getStartupFailure()))
                    .contains("orderflow.inbound.routes.payment-captured")
                    .contains("message-id is missing"));
  }

  @Test
  void messageIdThatIsNoJsonPointer_isRefusedAtStartUpNamingTheRoute() {
    runner
        .withPropertyValues("orderflow.inbound.routes.payment-captured.message-id=eventId")
        .run(
            context ->
                assertThat(startupFailureReason(context.getStartupFailure()))
                    .contains("orderflow.inbound.routes.payment-captured")
                    .contains("message-id is not a JSON pointer: eventId"));
  }

  @Test
  void noRoutes_areRefusedAtStartUpWithAClearMessage() {
    new ApplicationContextRunner()
        .withUserConfiguration(Config.class)
        .withPropertyValues("orderflow.inbound.group-id=orderflow-inbound-bridge")
        .run(
            context ->
                assertThat(startupFailureReason(context.getStartupFailure()))
                    .contains("orderflow.inbound.routes: at least one route is needed"));
  }

  @Test
  void routeAddedByAnotherPropertySource_joinsTheRoutesOfApplicationYaml() {
    runner
        .withPropertyValues(
            "orderflow.inbound.routes.shipment-dispatched.topic=shipments.dispatched",
            "orderflow.inbound.routes.shipment-dispatched.message-name=ShipmentDispatched",
            "orderflow.inbound.routes.shipment-dispatched.message-id=/eventId")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(InboundProperties.class).topics())
                  .containsExactly("orders.placed", "payments.captured", "shipments.dispatched");
            });
  }

  @Test
  void twoRoutesOnOneTopic_areRefusedAtStartUp() {
    runner
        .withPropertyValues("orderflow.inbound.routes.payment-captured.topic=orders.placed")
        .run(
            context ->
                assertThat(startupFailureReason(context.getStartupFailure()))
                    .contains("orderflow.inbound.routes.payment-captured")
                    .contains("topic orders.placed already has the route order-placed"));
  }

  @Test
  void requiredFieldNotInVariables_isRefusedAtStartUp() {
    runner
        .withPropertyValues(
            "orderflow.inbound.routes.order-placed.required=orderId,items,shippingAddress")
        .run(
            context ->
                assertThat(startupFailureReason(context.getStartupFailure()))
                    .contains("orderflow.inbound.routes.order-placed")
                    .contains("required field shippingAddress is not in variables"));
  }

  @Test
  void unknownFieldType_isRefusedAtStartUp() {
    runner
        .withPropertyValues("orderflow.inbound.routes.order-placed.variables.total=money")
        .run(
            context ->
                assertThat(startupFailureReason(context.getStartupFailure())).contains("money"));
  }

  @Test
  void routeWithoutMessageId_isRefused() {
    assertThatThrownBy(() -> properties(route("order-placed", "orders.placed", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("orderflow.inbound.routes.order-placed: message-id is missing");
  }

  @Test
  void blankMessageId_isRefused() {
    assertThatThrownBy(() -> properties(route("order-placed", "orders.placed", " ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("orderflow.inbound.routes.order-placed")
        .hasMessageContaining("message-id");
  }

  @Test
  void messageIdThatIsNoJsonPointer_isRefused() {
    assertThatThrownBy(() -> properties(route("order-placed", "orders.placed", "eventId")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "orderflow.inbound.routes.order-placed: message-id is not a JSON pointer:"
                + " eventId (");
  }

  @Test
  void correlationKeyThatIsNoJsonPointer_isRefused() {
    InboundProperties.Route route =
        new InboundProperties.Route(
            "order-placed",
            "orders.placed",
            "OrderPlaced",
            "orderId",
            "/eventId",
            Duration.ZERO,
            Map.of("orderId", FieldType.STRING),
            List.of(),
            Map.of(),
            "");

    assertThatThrownBy(() -> properties(route))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "orderflow.inbound.routes.order-placed: correlation-key is not a JSON pointer:"
                + " orderId (");
  }

  @Test
  void twoRoutesOnOneTopic_areRefusedNamingTheSecond() {
    assertThatThrownBy(
            () ->
                properties(
                    route("order-placed", "orders.placed", "/eventId"),
                    route("order-placed-again", "orders.placed", "/eventId")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "orderflow.inbound.routes.order-placed-again: topic orders.placed already has the"
                + " route order-placed");
  }

  @Test
  void requiredFieldNotInVariables_isRefused() {
    InboundProperties.Route route =
        new InboundProperties.Route(
            "order-placed",
            "orders.placed",
            "OrderPlaced",
            "",
            "/eventId",
            Duration.ZERO,
            Map.of("orderId", FieldType.STRING),
            List.of("orderId", "items"),
            Map.of(),
            "");

    assertThatThrownBy(() -> properties(route))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "orderflow.inbound.routes.order-placed: required field items is not in variables");
  }

  @Test
  void staticVariableThatIsAlsoAPayloadVariable_isRefused() {
    InboundProperties.Route route =
        new InboundProperties.Route(
            "order-placed",
            "orders.placed",
            "OrderPlaced",
            "",
            "/eventId",
            Duration.ZERO,
            Map.of("orderId", FieldType.STRING),
            List.of(),
            Map.of("orderId", "fixed"),
            "");

    assertThatThrownBy(() -> properties(route))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("orderflow.inbound.routes.order-placed")
        .hasMessageContaining("static-variables.orderId");
  }

  @Test
  void keyVariableThatIsAlsoAPayloadVariable_isRefused() {
    InboundProperties.Route route =
        new InboundProperties.Route(
            "payment-captured",
            "payments.captured",
            "PaymentCaptured",
            "",
            "/eventId",
            Duration.ZERO,
            Map.of("orderId", FieldType.STRING),
            List.of(),
            Map.of(),
            "orderId");

    assertThatThrownBy(() -> properties(route))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "orderflow.inbound.routes.payment-captured: key-variable orderId is also a payload or"
                + " static variable");
  }

  @Test
  void negativeTtl_isRefused() {
    InboundProperties.Route route =
        new InboundProperties.Route(
            "order-placed",
            "orders.placed",
            "OrderPlaced",
            "",
            "/eventId",
            Duration.ofSeconds(-1),
            Map.of(),
            List.of(),
            Map.of(),
            "");

    assertThatThrownBy(() -> properties(route))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("orderflow.inbound.routes.order-placed")
        .hasMessageContaining("ttl");
  }

  private static String[] without(String property) {
    String[] remaining =
        Arrays.stream(ROUTES)
            .filter(line -> !line.startsWith(property + "="))
            .toArray(String[]::new);
    assertThat(remaining).hasSize(ROUTES.length - 1);
    return remaining;
  }

  /** What the start-up failure report shows as the reason: the innermost cause's message. */
  private static String startupFailureReason(Throwable failure) {
    assertThat(failure).as("start-up failure").isNotNull();
    return NestedExceptionUtils.getMostSpecificCause(failure).getMessage();
  }

  @Test
  void keyInPayloadOrBusinessTimeThatIsNoJsonPointer_isRefusedNamingTheSetting() {
    assertThatThrownBy(() -> properties(payments("orderId", "", "", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("orderflow.inbound.routes.payment-captured")
        .hasMessageContaining("key-in-payload");
    assertThatThrownBy(() -> properties(payments("", "capturedAt", "", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("business-time");
  }

  @Test
  void businessTimeVariableThatIsAlsoAnotherVariable_isRefused() {
    for (String taken : List.of("amount", "source", "orderId")) {
      assertThatThrownBy(() -> properties(payments("/orderId", "/capturedAt", taken, null)))
          .as("business-time-variable %s", taken)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(
              "business-time-variable " + taken + " is also a payload, static or key variable");
    }
  }

  @Test
  void alsoPublishWithoutItsOwnMessageNameOrACorrelationKeyPointer_isRefused() {
    for (InboundProperties.AlsoPublish bad :
        List.of(
            new InboundProperties.AlsoPublish(null, "/paymentId"),
            new InboundProperties.AlsoPublish(" ", "/paymentId"),
            new InboundProperties.AlsoPublish("PaymentCaptured", "/paymentId"))) {
      assertThatThrownBy(() -> properties(payments("/orderId", "/capturedAt", "capturedAt", bad)))
          .as("%s", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("also-publish.message-name must name another message");
    }
    for (String key : java.util.Arrays.asList(null, "", "paymentId")) {
      assertThatThrownBy(
              () ->
                  properties(
                      payments(
                          "/orderId",
                          "/capturedAt",
                          "capturedAt",
                          new InboundProperties.AlsoPublish("PaymentReceived", key))))
          .as("correlation key %s", key)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("also-publish.correlation-key");
    }
  }

  @Test
  void paymentRouteAsInApplicationYaml_isAccepted() {
    InboundProperties properties =
        properties(
            payments(
                "/orderId",
                "/capturedAt",
                "capturedAt",
                new InboundProperties.AlsoPublish("PaymentReceived", "/paymentId")));

    assertThat(properties.routes().get("payment-captured").alsoPublish().messageName())
        .isEqualTo("PaymentReceived");
  }

  private static InboundProperties.Route payments(
      String keyInPayload,
      String businessTime,
      String businessTimeVariable,
      InboundProperties.AlsoPublish alsoPublish) {
    return new InboundProperties.Route(
        "payment-captured",
        "payments.captured",
        "PaymentCaptured",
        "",
        "/eventId",
        Duration.ofHours(2),
        Map.of("paymentId", FieldType.STRING, "amount", FieldType.NUMBER),
        List.of("paymentId"),
        Map.of("source", "psp"),
        "orderId",
        keyInPayload,
        businessTime,
        businessTimeVariable,
        alsoPublish);
  }

  private static InboundProperties properties(InboundProperties.Route... routes) {
    return InboundPropertiesFixture.withRoutes(DataSize.ofMegabytes(1), routes);
  }

  private static InboundProperties.Route route(String name, String topic, String messageId) {
    return new InboundProperties.Route(
        name, topic, "Message", "", messageId, Duration.ZERO, Map.of(), List.of(), Map.of(), "");
  }
}
