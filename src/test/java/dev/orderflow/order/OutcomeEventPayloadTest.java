package dev.orderflow.order;

import static dev.orderflow.order.OrderProcess.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.kafka.KafkaConnectorWorker;
import dev.orderflow.kafka.KafkaOutbound;
import dev.orderflow.testing.EmbeddedEngine;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.jobhandling.CommandExceptionHandlingStrategy;
import io.camunda.client.metrics.MetricsRecorder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.mock.env.MockEnvironment;

/**
 * The outcome events as a consumer of {@code orders.events} reads them (README, Kafka topics): the
 * record key, the {@code type} and {@code eventId} headers, and the JSON fields. The model's Kafka
 * connector tasks say what they are: the engine evaluates each task's inputs (here the embedded
 * engine, the instance started at the task), and the connector's worker turns them into the record,
 * with the application's JSON settings.
 */
class OutcomeEventPayloadTest {

  private EmbeddedEngine engine;
  private CamundaClient client;
  private KafkaConnectorWorker worker;
  private ObjectMapper json;

  @BeforeEach
  void setUp() {
    engine = EmbeddedEngine.start();
    client = engine.newClient();
    client
        .newDeployResourceCommand()
        .addResourceFromClasspath("bpmn/order-process.bpmn")
        .addResourceFromClasspath("forms/" + FORM_RESOLVE_STOCK_SHORTAGE + ".form")
        .addResourceFromClasspath("forms/" + FORM_REVIEW_PAYMENT + ".form")
        .send()
        .join();
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
        .run(context -> json = context.getBean(ObjectMapper.class));
    worker =
        new KafkaConnectorWorker(
            mock(KafkaOutbound.class),
            json,
            new MockEnvironment().withProperty("orderflow.outbound.topic", "orders.events"),
            mock(ApplicationEventPublisher.class),
            mock(CommandExceptionHandlingStrategy.class),
            mock(MetricsRecorder.class));
  }

  @AfterEach
  void stop() {
    client.close();
    engine.close();
  }

  @Test
  void orderConfirmed_hasItsEventIdTheTimeItOccurredAndTheTotal() throws Exception {
    JsonNode event =
        publishedAt(
            TASK_PUBLISH_ORDER_CONFIRMED,
            Map.of(VAR_ORDER_ID, "o-42", "total", 25.5),
            "OrderConfirmed",
            "o-42:confirmed");

    assertThat(fieldNames(event))
        .containsExactlyInAnyOrder("eventId", "type", "orderId", "occurredAt", "total");
    assertThat(event.get("total").decimalValue()).isEqualByComparingTo("25.5");
  }

  @Test
  void orderTimedOut_hasItsEventIdTheTotalAndWhy() throws Exception {
    JsonNode event =
        publishedAt(
            TASK_PUBLISH_ORDER_TIMED_OUT,
            Map.of(VAR_ORDER_ID, "o-43", "total", 10),
            "OrderTimedOut",
            "o-43:timed-out");

    assertThat(fieldNames(event))
        .containsExactlyInAnyOrder("eventId", "type", "orderId", "occurredAt", "total", "reason");
    assertThat(event.get("total").decimalValue()).isEqualByComparingTo("10");
    assertThat(event.get("reason").asText()).isEqualTo("no payment within the payment window");
  }

  @Test
  void orderRejected_hasItsEventIdAndTheDesksReason() throws Exception {
    JsonNode event =
        publishedAt(
            TASK_PUBLISH_ORDER_REJECTED,
            Map.of(VAR_ORDER_ID, "o-44", VAR_REJECTION_REASON, "we cannot supply that many"),
            "OrderRejected",
            "o-44:rejected");

    // no total in the order: no total field, as before (null fields are left out)
    assertThat(fieldNames(event))
        .containsExactlyInAnyOrder("eventId", "type", "orderId", "occurredAt", "reason");
    assertThat(event.get("reason").asText()).isEqualTo("we cannot supply that many");
  }

  /** Starts an instance at the task and returns the event its connector job would publish. */
  private JsonNode publishedAt(
      String task, Map<String, Object> variables, String type, String eventId) throws Exception {
    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    client
        .newCreateInstanceCommand()
        .bpmnProcessId(PROCESS_ID)
        .latestVersion()
        .variables(new HashMap<>(variables))
        .startBeforeElement(task)
        .send()
        .join();
    engine.awaitIdle();
    List<ActivatedJob> jobs = EmbeddedEngine.activateJobs(client, KafkaConnectorWorker.TYPE);
    assertThat(jobs).hasSize(1);
    ActivatedJob job = jobs.getFirst();
    assertThat(job.getElementId()).isEqualTo(task);

    ProducerRecord<String, byte[]> record =
        worker.record(job.getVariablesAsMap(), PROCESS_ID + "/" + task);
    String orderId = (String) variables.get(VAR_ORDER_ID);
    assertThat(record.topic()).isEqualTo("orders.events");
    assertThat(record.key()).isEqualTo(orderId);
    assertThat(header(record, KafkaOutbound.TYPE_HEADER)).isEqualTo(type);
    assertThat(header(record, KafkaOutbound.EVENT_ID_HEADER)).isEqualTo(eventId);
    JsonNode event = json.readTree(record.value());
    assertThat(event.get("eventId").asText()).isEqualTo(eventId);
    assertThat(event.get("type").asText()).isEqualTo(type);
    assertThat(event.get("orderId").asText()).isEqualTo(orderId);
    // an instant in UTC, as Jackson wrote Instants: the engine's clock when the task began
    String occurredAt = event.get("occurredAt").asText();
    assertThat(occurredAt).endsWith("Z").doesNotContain("[");
    assertThat(Instant.parse(occurredAt)).isBetween(before, Instant.now());
    return event;
  }

  private static List<String> fieldNames(JsonNode event) {
    List<String> names = new ArrayList<>();
    event.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String header(ProducerRecord<String, byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
