package dev.orderflow.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.orderflow.order.OrderProcess;
import dev.orderflow.payment.PaymentProcess;
import dev.orderflow.payment.PaymentWakeUps;
import dev.orderflow.tracking.TrackingProcess;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.PublishMessageResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import org.springframework.core.io.ClassPathResource;

/**
 * The engine messages the harness publishes itself, with the names, ids, variables and TTLs the
 * bridge gives the same records (see the routes in application.yaml), so that the engine's work per
 * message is the same with and without the application.
 */
final class OrderMessages {

  static final String SKU = "SKU-BENCH";
  private static final BigDecimal TOTAL = new BigDecimal("25.00");

  /**
   * How long the harness waits for the engine's answer to one of its own commands. The closed loop
   * already bounds what is queued; with thousands of orders waiting, the in-memory engine answers a
   * command only after many seconds, and a shorter deadline would fail the round where the
   * application (whose bridge retries after a deadline) carries on.
   */
  static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

  private OrderMessages() {}

  /** OrderPlaced as the bridge publishes it for {@code OrderJson.orderPlaced(orderId, SKU, 1)}. */
  static CompletionStage<PublishMessageResponse> orderPlaced(
      CamundaClient client, String orderId, TtlMode mode) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("orderId", orderId);
    variables.put("customerId", "customer-1");
    variables.put("items", List.of(Map.of("sku", SKU, "quantity", 1)));
    variables.put("total", TOTAL);
    // the route's business time: when the order was placed (the record's timestamp)
    variables.put("placedAt", Instant.now().toString());
    return publish(
        client,
        OrderProcess.MESSAGE_ORDER_PLACED,
        orderId,
        "placed-" + orderId,
        mode.orderPlacedTtl(),
        variables);
  }

  /**
   * What the bridge publishes for {@code OrderJson.paymentCaptured(orderId)}: PaymentCaptured for
   * the order, and PaymentReceived, which starts the payment's own process (the route's
   * also-publish), with the same id and variables. Completes when the engine accepted both.
   */
  static CompletionStage<PublishMessageResponse> paymentCaptured(
      CamundaClient client, String orderId, TtlMode mode) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("paymentId", paymentId(orderId));
    variables.put("amount", TOTAL);
    // the route's key-variable: tracking may start from the payment and needs the order id
    variables.put("orderId", orderId);
    // the route's business time: when the payment was captured (the record's timestamp)
    variables.put("capturedAt", Instant.now().toString());
    CompletionStage<PublishMessageResponse> captured =
        publish(
            client,
            OrderProcess.MESSAGE_PAYMENT_CAPTURED,
            orderId,
            "payment-" + orderId,
            mode.paymentCapturedTtl(),
            variables);
    CompletionStage<PublishMessageResponse> received =
        publish(
            client,
            PaymentProcess.MESSAGE_PAYMENT_RECEIVED,
            paymentId(orderId),
            "payment-" + orderId,
            mode.paymentCapturedTtl(),
            variables);
    return captured.thenCombine(received, (first, second) -> first);
  }

  /** The id of the order's payment, as the harness's payment service captures it. */
  static String paymentId(String orderId) {
    return "psp-" + orderId;
  }

  /**
   * What the application's {@code PaymentWakeUps} publishes when the order has claimed the payment
   * and the payment's process has registered it: OrderDecided for the payment, no id, no variables,
   * its TTL.
   */
  static CompletionStage<PublishMessageResponse> orderDecided(
      CamundaClient client, String orderId) {
    return client
        .newPublishMessageCommand()
        .messageName(PaymentProcess.MESSAGE_ORDER_DECIDED)
        .correlationKey(paymentId(orderId))
        .timeToLive(PaymentWakeUps.TIME_TO_LIVE)
        .requestTimeout(REQUEST_TIMEOUT)
        .send();
  }

  /**
   * What the bridge publishes when it reads the application's own OrderConfirmed back from {@code
   * orders.events} (tracking's OrderOutcome elements in bpmn/order-tracking.bpmn): OrderOutcome for
   * passive tracking, with the event's id and type, and the elements' TTL.
   */
  static CompletionStage<PublishMessageResponse> orderConfirmedOutcome(
      CamundaClient client, String orderId) {
    return publish(
        client,
        TrackingProcess.MESSAGE_ORDER_OUTCOME,
        orderId,
        orderId + ":confirmed",
        ORDER_OUTCOME_TTL,
        Map.of("type", "OrderConfirmed"));
  }

  /** The TTL of the models' OrderOutcome elements (the Kafka connector's messageTtl). */
  static final Duration ORDER_OUTCOME_TTL = orderOutcomeTtl();

  private static Duration orderOutcomeTtl() {
    try {
      String tracking = new ClassPathResource("bpmn/order-tracking.bpmn").getContentAsString(UTF_8);
      Matcher block = TtlMode.CONNECTOR_PROPERTIES.matcher(tracking);
      while (block.find()) {
        if (block.group().contains("value=\"${orderflow.outbound.topic}\"")) {
          Matcher ttl = TtlMode.MESSAGE_TTL.matcher(block.group());
          if (ttl.find()) {
            return Duration.parse(ttl.group(2));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException(
        "bpmn/order-tracking.bpmn has no OrderOutcome element with a messageTtl");
  }

  private static CompletionStage<PublishMessageResponse> publish(
      CamundaClient client,
      String name,
      String correlationKey,
      String messageId,
      Duration ttl,
      Map<String, Object> variables) {
    return client
        .newPublishMessageCommand()
        .messageName(name)
        .correlationKey(correlationKey)
        .messageId(messageId)
        .timeToLive(ttl)
        .variables(variables)
        .requestTimeout(REQUEST_TIMEOUT)
        .send();
  }
}
