package dev.orderflow.kafka;

import static dev.orderflow.testing.OrderflowKafka.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.testing.EmbeddedEngine;
import dev.orderflow.testing.OrderflowIntegrationTest;
import dev.orderflow.testing.OrderflowKafka;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.assertions.ProcessInstanceAssert;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.IncidentIntent;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.context.TestPropertySource;

/**
 * A service task drawn with Camunda's Kafka outbound connector template (version 6) runs on
 * Orderflow: the test models in {@code src/test/resources/models} (never deployed by the
 * application) publish what the engine evaluated, with the connector's serialization, response
 * mapping, retries and error expression, against the embedded broker and engine.
 */
@OrderflowIntegrationTest
@TestPropertySource(properties = "orderflow.test.notes-topic=" + KafkaConnectorWorkerTest.NOTES)
class KafkaConnectorWorkerTest {

  static final String NOTES = "connector.notes";
  static final String REFUSED = "connector.refused";
  static final Duration WAIT = Duration.ofSeconds(60);

  @Autowired CamundaClient client;
  @Autowired EmbeddedEngine engine;

  // this context's broker: @EmbeddedKafka also sets spring.kafka.bootstrap-servers as a system
  // property, which names whichever broker started last once several contexts are cached
  @Autowired EmbeddedKafkaBroker broker;

  final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void deployTheTestModels() {
    client
        .newDeployResourceCommand()
        .addResourceFromClasspath("models/kafka-connector-notes.bpmn")
        .addResourceFromClasspath("models/kafka-connector-error.bpmn")
        .send()
        .join();
  }

  @Test
  void connectorTask_publishesTheEvaluatedKeyValueAndHeaders_andMapsTheResponse() throws Exception {
    String noteId = "note-" + UUID.randomUUID();
    long instance =
        start(
            "kafka-connector-notes",
            Map.of(
                "noteId",
                noteId,
                "text",
                "called the customer",
                "count",
                3,
                "tags",
                List.of("a", "b")));

    ConsumerRecord<String, String> record;
    try (OrderflowKafka kafka = new OrderflowKafka(broker.getBrokersAsString())) {
      record = kafka.awaitRecords(NOTES, r -> noteId.equals(r.key())).getFirst();
    }
    // the topic came from the placeholder, resolved from the application's configuration
    assertThat(record.topic()).isEqualTo(NOTES);
    // the value is JSON (not a string holding JSON); the headers are the evaluated context
    JsonNode value = json.readTree(record.value());
    assertThat(value)
        .isEqualTo(
            json.readTree(
                """
                {"noteId":"%s","text":"called the customer","count":3,"tags":["a","b"]}"""
                    .formatted(noteId)));
    assertThat(header(record, "type")).isEqualTo("NoteTaken");
    assertThat(header(record, "eventId")).isEqualTo(noteId + ":noted");

    await().atMost(WAIT).until(() -> completed(instance));
    new ProcessInstanceAssert(instance, engine.records())
        .hasPassedElement("NotePublishedEndEvent")
        .isCompleted();
    // resultVariable: the whole response; resultExpression: its context, from the fields and
    // from `response`
    JsonNode response = json.readTree(variable(instance, "noteRecord"));
    assertThat(response.path("topic").asText()).isEqualTo(NOTES);
    assertThat(response.path("offset").asLong()).isEqualTo(record.offset());
    assertThat(response.path("partition").asInt()).isEqualTo(record.partition());
    assertThat(response.path("timestamp").asLong()).isEqualTo(record.timestamp());
    assertThat(json.readTree(variable(instance, "notedOn")).asText()).isEqualTo(NOTES);
    assertThat(json.readTree(variable(instance, "notedAt")).asLong()).isEqualTo(record.offset());
    assertThat(json.readTree(variable(instance, "notedIn")).asInt()).isEqualTo(record.partition());
  }

  /**
   * The broker refuses the record (the topic takes no record of this size): the answer comes after
   * the send call, so only a worker that waits for the acknowledgement fails the job. Each attempt
   * fails with the reason and one retry fewer, after the task's retryBackoff, until the incident;
   * the instance never completes as if the record had been written.
   */
  @Test
  void brokerRefusingTheRecord_failsTheJobWithTheReason_retriedWithTheBackoff_thenAnIncident()
      throws Exception {
    String noteId = "note-" + UUID.randomUUID();
    try (Admin admin = admin()) {
      createTopic(admin, NOTES);
      OrderflowKafka.maxMessageBytes(admin, NOTES, "64");
      try {
        long instance = start("kafka-connector-notes", note(noteId));

        IncidentRecordValue incident =
            await()
                .atMost(WAIT)
                .until(
                    () -> {
                      engine.increaseTime(Duration.ofSeconds(1)); // the backoff elapses
                      return incidentOf(instance);
                    },
                    Optional::isPresent)
                .orElseThrow();

        assertThat(completed(instance)).as("instance completed without its record").isFalse();
        assertThat(incident.getElementId()).isEqualTo("PublishNoteTask");
        assertThat(incident.getErrorMessage())
            .contains("kafka-connector-notes/PublishNoteTask")
            .contains("key " + noteId)
            .contains("RecordTooLargeException");
        List<JobRecordValue> failures = failures(instance);
        assertThat(failures).extracting(JobRecordValue::getRetries).containsExactly(2, 1, 0);
        assertThat(failures.subList(0, 2))
            .allSatisfy(f -> assertThat(f.getRetryBackoff()).isEqualTo(1000L));
      } finally {
        OrderflowKafka.maxMessageBytes(admin, NOTES, null);
      }
    }
  }

  @Test
  void errorExpression_turnsTheFailedPublishIntoABpmnError_caughtByTheBoundaryEvent()
      throws Exception {
    String noteId = "note-" + UUID.randomUUID();
    try (Admin admin = admin()) {
      createTopic(admin, REFUSED);
      OrderflowKafka.maxMessageBytes(admin, REFUSED, "64");
    }
    Map<String, Object> variables = new java.util.HashMap<>(note(noteId));
    variables.put("noteTopic", REFUSED);
    long instance = start("kafka-connector-error", variables);

    await().atMost(WAIT).until(() -> completed(instance));
    new ProcessInstanceAssert(instance, engine.records())
        .hasPassedElement("NotPublishedBoundaryEvent")
        .hasPassedElement("NotPublishedEndEvent")
        .hasNotPassedElement("PublishedEndEvent")
        .isCompleted();
    // bpmnError's variables: the error expression saw the job's retries (the first attempt)
    assertThat(json.readTree(variable(instance, "retriesLeft")).asInt()).isEqualTo(3);
    assertThat(failures(instance)).as("a BPMN error, not a failed job").isEmpty();
  }

  private long start(String process, Map<String, Object> variables) {
    return client
        .newCreateInstanceCommand()
        .bpmnProcessId(process)
        .latestVersion()
        .variables(variables)
        .send()
        .join()
        .getProcessInstanceKey();
  }

  private static Map<String, Object> note(String noteId) {
    return Map.of("noteId", noteId, "text", "x".repeat(200), "count", 1, "tags", List.of());
  }

  private Admin admin() {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
  }

  private static void createTopic(Admin admin, String topic) throws Exception {
    if (!admin.listTopics().names().get().contains(topic)) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
  }

  private boolean completed(long instance) {
    return StreamSupport.stream(engine.records().processInstanceRecords().spliterator(), false)
        .anyMatch(
            r ->
                r.getKey() == instance
                    && r.getIntent()
                        == io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent
                            .ELEMENT_COMPLETED);
  }

  private Optional<IncidentRecordValue> incidentOf(long instance) {
    return StreamSupport.stream(engine.records().incidentRecords().spliterator(), false)
        .filter(r -> r.getIntent() == IncidentIntent.CREATED)
        .map(Record::getValue)
        .filter(v -> v.getProcessInstanceKey() == instance)
        .findFirst();
  }

  private List<JobRecordValue> failures(long instance) {
    return StreamSupport.stream(engine.records().jobRecords().spliterator(), false)
        .filter(r -> r.getIntent() == JobIntent.FAILED)
        .map(Record::getValue)
        .filter(v -> v.getProcessInstanceKey() == instance)
        .toList();
  }

  /** The variable's last value in the instance, as JSON. */
  private String variable(long instance, String name) {
    return StreamSupport.stream(engine.records().variableRecords().spliterator(), false)
        .map(Record::getValue)
        .filter(v -> v.getProcessInstanceKey() == instance && v.getName().equals(name))
        .reduce((first, second) -> second)
        .orElseThrow(() -> new AssertionError("no variable " + name))
        .getValue();
  }
}
