package dev.orderflow.tracking;

import static dev.orderflow.testing.OrderflowKafka.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.inventory.InventoryService;
import dev.orderflow.kafka.KafkaOutbound;
import dev.orderflow.testing.EmbeddedEngine;
import dev.orderflow.testing.OrderJson;
import dev.orderflow.testing.OrderflowIntegrationTest;
import dev.orderflow.testing.OrderflowKafka;
import io.camunda.zeebe.process.test.assertions.ProcessInstanceAssert;
import io.camunda.zeebe.protocol.record.intent.TimerIntent;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/**
 * Passive tracking through the inbound bridge, in the whole application on embedded Kafka and the
 * embedded engine: the four tracked topics and the order's outcomes on {@code orders.events} in,
 * {@code tracking.events} and {@code tracking.warnings} out. The order process runs alongside on
 * the same records; each test brings its order to an outcome before it moves the shared engine's
 * clock.
 */
@OrderflowIntegrationTest
class OrderTrackingOnKafkaTest {

  static final String TRACKING_EVENTS = "tracking.events";
  static final String TRACKING_WARNINGS = "tracking.warnings";
  static final Duration WAIT = Duration.ofSeconds(60);

  @Autowired InventoryService inventory;
  @Autowired EmbeddedEngine engine;
  @Autowired MeterRegistry metrics;

  // this context's broker: @EmbeddedKafka also sets spring.kafka.bootstrap-servers as a system
  // property, which names whichever broker started last once several contexts are cached
  @Autowired EmbeddedKafkaBroker broker;

  final ObjectMapper json = new ObjectMapper();
  OrderflowKafka kafka;
  String sku;
  String orderId;

  @BeforeEach
  void setUp() {
    kafka = new OrderflowKafka(broker.getBrokersAsString());
    sku = "SKU-" + UUID.randomUUID();
    inventory.restock(sku, 10);
    orderId = "order-" + UUID.randomUUID();
  }

  @AfterEach
  void tearDown() {
    kafka.close();
  }

  @Test
  void eventsOnTheFourTopics_endInOneFulfilmentTrackedWithTheLegs() throws Exception {
    kafka.send("orders.placed", orderId, OrderJson.orderPlaced(orderId, sku, 1));
    kafka.send("payments.captured", orderId, OrderJson.paymentCaptured(orderId));
    kafka.send("shipments.dispatched", orderId, OrderJson.shipmentDispatched(orderId));
    kafka.send("shipments.delivered", orderId, OrderJson.shipmentDelivered(orderId));

    ConsumerRecord<String, String> tracked = awaitOne(TRACKING_EVENTS);
    assertThat(header(tracked, KafkaOutbound.TYPE_HEADER)).isEqualTo("FulfilmentTracked");
    assertThat(header(tracked, KafkaOutbound.EVENT_ID_HEADER))
        .isEqualTo(orderId + ":fulfilment-tracked");
    JsonNode event = json.readTree(tracked.value());
    assertThat(event.path("orderId").asText()).isEqualTo(orderId);
    assertThat(event.path("legs").fieldNames())
        .toIterable()
        .containsExactly("placedToPaid", "paidToDispatched", "dispatchedToDelivered");
    // the bridge keeps the order per topic, not across topics: a leg may be negative (documented)
    event
        .path("legs")
        .forEach(leg -> assertThat(Duration.parse(leg.asText()).abs()).isLessThan(WAIT));
    assertThat(Duration.parse(event.path("total").asText()).abs()).isLessThan(WAIT);

    long instance = engine.instancesStartedFor(TrackingProcess.PROCESS_ID, orderId).getFirst();
    new ProcessInstanceAssert(instance, engine.records())
        .hasPassedElement(TrackingProcess.END_FULFILMENT_TRACKED)
        .isCompleted();
    assertThat(kafka.readAll(TRACKING_WARNINGS)).noneMatch(r -> orderId.equals(r.key()));
    assertThat(kafka.awaitRecords("orders.events", r -> orderId.equals(r.key())))
        .as("the order process ran on the same records")
        .singleElement()
        .satisfies(
            r -> assertThat(header(r, KafkaOutbound.TYPE_HEADER)).isEqualTo("OrderConfirmed"));
  }

  @Test
  void missingDispatch_afterTwentyFourHoursOfEngineTime_isOneSlaBreachedOnTrackingWarnings()
      throws Exception {
    kafka.send("orders.placed", orderId, OrderJson.orderPlaced(orderId, sku, 1));
    kafka.send("payments.captured", orderId, OrderJson.paymentCaptured(orderId));
    kafka.awaitRecords("orders.events", r -> orderId.equals(r.key())); // the order has ended
    long instance =
        await()
            .atMost(WAIT)
            .until(
                () -> engine.instancesStartedFor(TrackingProcess.PROCESS_ID, orderId),
                i -> !i.isEmpty())
            .getFirst();
    // The payment has been seen (by the receive task, or by the start event: the bridge keeps the
    // order of records per topic and key, not across topics, so the payment may start the
    // tracking), and the dispatch is awaited.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                new ProcessInstanceAssert(instance, engine.records())
                    .hasVariable(TrackingProcess.VAR_PAID_AT)
                    .isWaitingAtElements(TrackingProcess.TASK_AWAIT_DISPATCHED));
    double before = breaches("dispatch");

    engine.increaseTime(Duration.ofHours(24));

    ConsumerRecord<String, String> warning = awaitOne(TRACKING_WARNINGS);
    assertThat(header(warning, KafkaOutbound.TYPE_HEADER)).isEqualTo("SlaBreached");
    assertThat(header(warning, KafkaOutbound.EVENT_ID_HEADER))
        .isEqualTo(orderId + ":sla-breached:dispatch");
    JsonNode event = json.readTree(warning.value());
    assertThat(event.path("milestone").asText()).isEqualTo("dispatch");
    assertThat(event.path("sla").asText()).isEqualTo("PT24H");
    assertThat(breaches("dispatch")).isGreaterThanOrEqualTo(before + 1);

    // the warning commanded nothing: a late dispatch still completes the chain
    kafka.send("shipments.dispatched", orderId, OrderJson.shipmentDispatched(orderId));
    kafka.send("shipments.delivered", orderId, OrderJson.shipmentDelivered(orderId));
    JsonNode tracked = json.readTree(awaitOne(TRACKING_EVENTS).value());
    assertThat(Duration.parse(tracked.path("legs").path("paidToDispatched").asText()))
        .isGreaterThanOrEqualTo(Duration.ofHours(24));
    assertThat(kafka.readAll(TRACKING_WARNINGS).stream().filter(r -> orderId.equals(r.key())))
        .as("still exactly one warning")
        .hasSize(1);
  }

  @Test
  void unpaidOrderTimesOut_itsOutcomeOnOrdersEventsEndsTracking_oneTrackingEnded_noInstanceLeft()
      throws Exception {
    kafka.send("orders.placed", orderId, OrderJson.orderPlaced(orderId, sku, 1));
    long order =
        await()
            .atMost(WAIT)
            .until(() -> engine.instancesStartedFor(orderId), i -> !i.isEmpty())
            .getFirst();
    // move the clock once the payment window's timer exists
    await()
        .atMost(WAIT)
        .until(
            () ->
                StreamSupport.stream(engine.records().timerRecords().spliterator(), false)
                    .anyMatch(
                        t ->
                            t.getIntent() == TimerIntent.CREATED
                                && t.getValue().getProcessInstanceKey() == order));
    // past the payment window and its grace for payments on their way (orderflow.payment.*)
    engine.increaseTime(Duration.ofHours(2).plusMinutes(1));
    assertThat(kafka.awaitRecords("orders.events", r -> orderId.equals(r.key())))
        .singleElement()
        .satisfies(
            r -> assertThat(header(r, KafkaOutbound.TYPE_HEADER)).isEqualTo("OrderTimedOut"));

    // the bridge reads the outcome back from orders.events: tracking ends without a delivery
    ConsumerRecord<String, String> ended = awaitOne(TRACKING_EVENTS);
    assertThat(header(ended, KafkaOutbound.TYPE_HEADER)).isEqualTo("TrackingEnded");
    assertThat(header(ended, KafkaOutbound.EVENT_ID_HEADER)).isEqualTo(orderId + ":tracking-ended");
    JsonNode event = json.readTree(ended.value());
    assertThat(event.path("endedBy").asText()).isEqualTo("outcome");
    assertThat(event.path("outcome").asText()).isEqualTo("OrderTimedOut");
    assertThat(event.path("seen")).containsExactly(json.getNodeFactory().textNode("placed"));
    assertThat(event.path("legs").isEmpty()).isTrue();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(engine.instancesStartedFor(TrackingProcess.PROCESS_ID, orderId))
                    .as("the order has ended: none of its tracking instances is active")
                    .singleElement()
                    .satisfies(
                        instance ->
                            new ProcessInstanceAssert(instance, engine.records())
                                .hasPassedElement(TrackingProcess.END_TRACKING_ENDED_ON_OUTCOME)
                                .isCompleted()));

    // every SLA passes: the dispatch and the delivery that never came are not warned about
    engine.increaseTime(Duration.ofDays(6));
    List<ConsumerRecord<String, String>> warnings =
        await()
            .during(Duration.ofSeconds(2))
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(200))
            .until(() -> ours(TRACKING_WARNINGS), list -> true);
    assertThat(warnings)
        .as("at most the payment's warning, from before the end")
        .allSatisfy(w -> assertThat(w.value()).contains("\"milestone\":\"payment\""));
    assertThat(ours(TRACKING_EVENTS)).hasSize(1);
  }

  /** Waits for the order's record on the topic, then makes sure no second one follows. */
  private ConsumerRecord<String, String> awaitOne(String topic) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> ours(topic), list -> !list.isEmpty());
    List<ConsumerRecord<String, String>> records =
        await()
            .during(Duration.ofSeconds(2))
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(200))
            .until(() -> ours(topic), list -> list.size() == 1);
    return records.getFirst();
  }

  private List<ConsumerRecord<String, String>> ours(String topic) {
    return kafka.readAll(topic).stream().filter(r -> orderId.equals(r.key())).toList();
  }

  private double breaches(String milestone) {
    return metrics
        .get("orderflow.tracking.sla.breached")
        .tag("milestone", milestone)
        .counter()
        .count();
  }
}
