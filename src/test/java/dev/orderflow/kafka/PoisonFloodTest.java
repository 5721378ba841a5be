package dev.orderflow.kafka;

import static dev.orderflow.testing.OrderflowKafka.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;

import dev.orderflow.testing.EmbeddedEngine;
import dev.orderflow.testing.OrderflowKafka;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.MessageIntent;
import io.camunda.zeebe.protocol.record.value.MessageRecordValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/**
 * A flood of bad records does not stop the good ones: 1,000 records of every poison kind,
 * interleaved with 200 good ones and taken in large mixed polls, each end up in the dead-letter
 * topic once, with its original bytes and a reason that says what is wrong with it; every good
 * record becomes exactly one engine message; the listener keeps running (no redelivery or restart
 * loop) and the group's committed offset reaches the end of the topic.
 */
@ExtraRouteIntegrationTest
class PoisonFloodTest {

  private static final Logger log = LoggerFactory.getLogger(PoisonFloodTest.class);

  static final String AUDIT_NOTES = "audit.notes";
  static final String AUDIT_NOTES_DLT = AUDIT_NOTES + ".DLT";
  static final String ROUTE = AUDIT_NOTES;
  static final int BAD = 1_000;
  static final int GOOD = 200;
  static final int ORDERS = 20;

  /** Above orderflow.inbound.max-record-size (64KB by default). */
  static final int TOO_LARGE_NOTE_CHARS = 70 * 1024;

  /** One kind of bad record: how it is written, and what its dead-letter reason must say. */
  record Poison(
      String kind, UnaryOperator<String> key, Function<String, String> value, String reason) {

    boolean explains(String actualReason) {
      return actualReason != null
          && Pattern.compile(reason, Pattern.DOTALL).matcher(actualReason).matches();
    }
  }

  static final List<Poison> POISONS =
      List.of(
          new Poison(
              "not JSON",
              orderId -> orderId,
              eventId -> "eventId=" + eventId + ", seq=1",
              "not JSON: Unrecognized token 'eventId.*"),
          new Poison(
              "JSON array",
              orderId -> orderId,
              eventId -> "[" + good(eventId, 1) + "]",
              "not a JSON object"),
          new Poison(
              "missing record key",
              orderId -> null,
              eventId -> good(eventId, 1),
              ".*correlationKeyExpression failed: missing key: the record key \\(the order id\\) is empty"),
          new Poison(
              "empty record key",
              orderId -> "",
              eventId -> good(eventId, 1),
              ".*correlationKeyExpression failed: missing key: the record key \\(the order id\\) is empty"),
          new Poison(
              "missing eventId",
              orderId -> orderId,
              eventId -> "{\"seq\":1,\"note\":\"" + eventId + "\"}",
              "missing message id: audit-notes/AuditNoteEvent messageIdExpression gave null"),
          new Poison(
              "eventId not a string",
              orderId -> orderId,
              eventId -> "{\"eventId\":{\"id\":\"" + eventId + "\"},\"seq\":1}",
              "missing message id: audit-notes/AuditNoteEvent messageIdExpression gave \\{.*"),
          new Poison(
              "seq as string",
              orderId -> orderId,
              eventId -> "{\"eventId\":\"" + eventId + "\",\"seq\":\"1\"}",
              "audit-notes/AuditNoteEvent resultExpression failed: missing required field seq, or not an integer"),
          new Poison(
              "missing required seq",
              orderId -> orderId,
              eventId -> "{\"eventId\":\"" + eventId + "\",\"note\":\"no seq\"}",
              "audit-notes/AuditNoteEvent resultExpression failed: missing required field seq, or not an integer"),
          new Poison(
              "larger than max-record-size",
              orderId -> orderId,
              eventId ->
                  "{\"eventId\":\""
                      + eventId
                      + "\",\"seq\":1,\"note\":\""
                      + "x".repeat(TOO_LARGE_NOTE_CHARS)
                      + "\"}",
              "record of \\d+ bytes exceeds the maximum of 65536"),
          new Poison("empty value", orderId -> orderId, eventId -> "", "empty value"),
          new Poison(
              "trailing garbage",
              orderId -> orderId,
              eventId -> good(eventId, 1) + " {\"garbage\":true}",
              "not JSON: Trailing token .*"));

  /** A record this test wrote: its poison kind (null for a good record), key, value, event id. */
  record Sent(Poison poison, String key, String value, String eventId) {

    boolean bad() {
      return poison != null;
    }
  }

  @Autowired EmbeddedEngine engine;
  @Autowired EngineMessageGateway gateway; // a spy, see @ExtraRouteIntegrationTest
  @Autowired BridgeHealth health;
  @Autowired KafkaListenerEndpointRegistry listeners;
  @Autowired MeterRegistry metrics;

  // This context's broker. Not ${spring.kafka.bootstrap-servers}: @EmbeddedKafka sets that as a
  // system property, so once another context has started, it names the other context's broker.
  @Autowired EmbeddedKafkaBroker broker;

  @Value("${orderflow.inbound.group-id}")
  String groupId;

  @Test
  void
      messageTheEngineRejects_whileItsDeadLetterTopicCannotBeWritten_isSkippedAndThePartitionMovesOn()
          throws Exception {
    String orderId = "order-" + UUID.randomUUID();
    String rejected = "rejected-" + orderId;
    String later = "rejected-later-" + orderId;
    // the engine answers INVALID_ARGUMENT for these two (EngineMessageGatewayTest: the gateway
    // turns that answer into this exception), and accepts everything else
    doAnswer(
            invocation -> {
              List<InboundMessage> messages = invocation.getArgument(0);
              InboundMessage message = messages.getFirst();
              if (message.messageId().startsWith("rejected-")) {
                return CompletableFuture.failedFuture(
                    new PoisonRecordException(
                        "engine rejected "
                            + message.messageName()
                            + " "
                            + message.messageId()
                            + ": INVALID_ARGUMENT (test)"));
              }
              return invocation.callRealMethod();
            })
        .when(gateway)
        .publish(any());
    double failedBefore = count(DELIVERED_ROUTE, "dead-letter-failed");
    double deadLetteredBefore = count(DELIVERED_ROUTE, "dead-lettered");

    try (Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
        OrderflowKafka kafka = new OrderflowKafka(broker.getBrokersAsString())) {
      // the dead-letter topic takes no record of any real size: every write to it fails
      OrderflowKafka.maxMessageBytes(admin, DELIVERED_DLT, "64");
      RecordMetadata poison = kafka.send(DELIVERED, orderId, delivered(orderId, rejected));
      RecordMetadata next = kafka.send(DELIVERED, orderId, delivered(orderId, "next-" + orderId));
      assertThat(next.partition()).isEqualTo(poison.partition());

      TopicPartition partition = new TopicPartition(DELIVERED, next.partition());
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> kafka.committedOffsets(groupId).get(partition),
              committed -> committed != null && committed.offset() == next.offset() + 1);
      assertThat(publishedIds()).as("the next record's message").contains("next-" + orderId);
      assertThat(count(DELIVERED_ROUTE, "dead-letter-failed")).isEqualTo(failedBefore + 1);
      assertThat(count(DELIVERED_ROUTE, "dead-lettered")).isEqualTo(deadLetteredBefore);
      Health degraded = health.health();
      assertThat(degraded.getStatus()).isEqualTo(BridgeHealth.DEGRADED);
      assertThat(degraded.getDetails().get("deadLetterTopic").toString())
          .startsWith(DELIVERED_DLT + " cannot be written");

      // writable again: the next rejected message is dead-lettered, and the bridge is UP
      OrderflowKafka.maxMessageBytes(admin, DELIVERED_DLT, null);
      kafka.send(DELIVERED, orderId, delivered(orderId, later));
      List<ConsumerRecord<String, String>> dead =
          kafka.awaitRecords(DELIVERED_DLT, r -> r.value().contains(later));
      assertThat(header(dead.getFirst(), "orderflow-dlt-reason"))
          .isEqualTo("engine rejected ShipmentDelivered " + later + ": INVALID_ARGUMENT (test)");
      assertThat(kafka.readAll(DELIVERED_DLT)).noneMatch(r -> r.value().contains(rejected + "\""));
      await().atMost(Duration.ofSeconds(30)).until(() -> health.health().getStatus() == Status.UP);
    }
  }

  static final String DELIVERED = "shipments.delivered";
  static final String DELIVERED_DLT = DELIVERED + ".DLT";
  static final String DELIVERED_ROUTE = "shipments.delivered";

  private static String delivered(String orderId, String eventId) {
    return "{\"eventId\":\"" + eventId + "\",\"orderId\":\"" + orderId + "\"}";
  }

  /** Sets (or, with null, removes) the dead-letter topic's max.message.bytes, and waits for it. */
  private List<String> publishedIds() {
    return StreamSupport.stream(engine.records().messageRecords().spliterator(), false)
        .filter(r -> r.getIntent() == MessageIntent.PUBLISHED)
        .map(r -> r.getValue().getMessageId())
        .toList();
  }

  private double count(String route, String outcome) {
    return BridgeMeters.records(metrics, route, outcome);
  }

  @Test
  void thousandMixedBadRecords_allDeadLetteredWithTheirReason_everyGoodOneProcessed() {
    String run = "flood-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Double> countsBefore = counts();

    // Held back while they are written, the records come to the bridge in large polls that mix
    // bad and good ones, so dead-lettering runs while publishes are in flight.
    MessageListenerContainer bridge = listeners.getListenerContainer("inbound-bridge");
    Map<String, Sent> sent; // by partition@offset
    long start;
    bridge.pause();
    try {
      await().atMost(Duration.ofSeconds(60)).until(bridge::isContainerPaused);
      sent = sendFlood(run);
    } finally {
      start = System.nanoTime();
      bridge.resume();
    }
    Map<TopicPartition, Long> end = endOffsets(AUDIT_NOTES);

    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> committed(end.keySet()), committed -> committed.equals(end));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                delta(countsBefore, "published") + delta(countsBefore, "dead-lettered")
                    >= GOOD + BAD);
    Map<String, Long> counted = deltas(countsBefore);

    // Every bad record is in the dead-letter topic once, as written, with its reason.
    List<ConsumerRecord<String, String>> dead;
    try (OrderflowKafka kafka = new OrderflowKafka(broker.getBrokersAsString())) {
      dead =
          kafka.readAll(AUDIT_NOTES_DLT).stream()
              .filter(r -> sent.containsKey(originalCoordinates(r)))
              .toList();
    }
    Map<String, Integer> sentByKind = new TreeMap<>();
    sent.values().stream()
        .filter(Sent::bad)
        .forEach(s -> sentByKind.merge(s.poison().kind(), 1, Integer::sum));
    Map<String, Integer> deadByKind = new TreeMap<>();
    List<String> deadGoodOnes = new ArrayList<>();
    List<String> wrongReasons = new ArrayList<>();
    for (ConsumerRecord<String, String> r : dead) {
      Sent original = sent.get(originalCoordinates(r));
      String reason = header(r, "orderflow-dlt-reason");
      if (!original.bad()) {
        deadGoodOnes.add(original.eventId() + " -> " + reason);
        continue;
      }
      assertThat(r.key()).as("dead letter's key").isEqualTo(original.key());
      assertThat(r.value()).as("dead letter's value").isEqualTo(original.value());
      assertThat(header(r, "kafka_dlt-original-topic")).isEqualTo(AUDIT_NOTES);
      if (!original.poison().explains(reason)) {
        wrongReasons.add(original.poison().kind() + " -> " + reason);
      }
      deadByKind.merge(original.poison().kind(), 1, Integer::sum);
    }
    long distinctDead = dead.stream().map(PoisonFloodTest::originalCoordinates).distinct().count();

    // Every good record became exactly one message, and no bad one did.
    Map<String, Long> publishedByEventId =
        StreamSupport.stream(engine.records().messageRecords().spliterator(), false)
            .filter(r -> r.getIntent() == MessageIntent.PUBLISHED)
            .map(Record::getValue)
            .filter(v -> v.getMessageId().startsWith(run))
            .collect(
                Collectors.groupingBy(MessageRecordValue::getMessageId, Collectors.counting()));
    List<String> goodEventIds =
        sent.values().stream().filter(s -> !s.bad()).map(Sent::eventId).toList();

    log.info(
        "Poison flood: sent {} good / {} bad on {} ({} partitions); published {} good, "
            + "dead-lettered {} by kind {}; committed to the end {} ms after the bridge resumed; "
            + "counted {}",
        goodEventIds.size(),
        sentByKind.values().stream().mapToInt(Integer::intValue).sum(),
        AUDIT_NOTES,
        end.size(),
        publishedByEventId.size(),
        dead.size(),
        deadByKind,
        elapsed.toMillis(),
        counted);

    assertThat(sentByKind).hasSize(POISONS.size());
    assertThat(deadGoodOnes).as("good records dead-lettered").isEmpty();
    assertThat(dead).as("dead letters of this run").hasSize(BAD);
    assertThat(distinctDead).as("distinct records dead-lettered").isEqualTo(BAD);
    assertThat(deadByKind).as("dead letters by kind").isEqualTo(sentByKind);
    assertThat(wrongReasons).as("dead letters whose reason does not fit their kind").isEmpty();

    assertThat(publishedByEventId.keySet()).containsExactlyInAnyOrderElementsOf(goodEventIds);
    assertThat(publishedByEventId).allSatisfy((eventId, times) -> assertThat(times).isOne());

    // Each record reached the listener once: no redelivery, no restart loop.
    assertThat(counted)
        .containsEntry("received", (long) (BAD + GOOD))
        .containsEntry("dead-lettered", (long) BAD)
        .containsEntry("published", (long) GOOD)
        .doesNotContainKey("duplicate");
    assertThat(bridge.isRunning()).as("inbound-bridge running").isTrue();
    assertThat(bridge.isContainerPaused()).as("inbound-bridge paused").isFalse();
  }

  /** Writes the bad and good records interleaved, one good after every five bad. */
  private Map<String, Sent> sendFlood(String run) {
    Map<String, Sent> sent = new HashMap<>();
    int bad = 0;
    int good = 0;
    try (OrderflowKafka kafka = new OrderflowKafka(broker.getBrokersAsString())) {
      for (int i = 0; i < BAD + GOOD; i++) {
        Sent record;
        if (i % 6 == 5) {
          String orderId = run + "-order-" + (good % ORDERS);
          String eventId = run + "-good-" + good;
          record = new Sent(null, orderId, good(eventId, good / ORDERS), eventId);
          good++;
        } else {
          Poison poison = POISONS.get(bad % POISONS.size());
          String orderId = run + "-order-" + (bad % ORDERS);
          String eventId = run + "-bad-" + bad;
          record =
              new Sent(poison, poison.key().apply(orderId), poison.value().apply(eventId), eventId);
          bad++;
        }
        RecordMetadata written = kafka.send(AUDIT_NOTES, record.key(), record.value());
        sent.put(written.partition() + "@" + written.offset(), record);
      }
    }
    assertThat(bad).isEqualTo(BAD);
    assertThat(good).isEqualTo(GOOD);
    return sent;
  }

  private static String good(String eventId, int seq) {
    return "{\"eventId\":\"%s\",\"seq\":%d,\"note\":\"fine\"}".formatted(eventId, seq);
  }

  /** {@code partition@offset} of the original record, from Spring Kafka's binary headers. */
  private static String originalCoordinates(ConsumerRecord<?, ?> deadLetter) {
    var partition = deadLetter.headers().lastHeader("kafka_dlt-original-partition");
    var offset = deadLetter.headers().lastHeader("kafka_dlt-original-offset");
    if (partition == null || offset == null) {
      return null;
    }
    return ByteBuffer.wrap(partition.value()).getInt()
        + "@"
        + ByteBuffer.wrap(offset.value()).getLong();
  }

  private Map<TopicPartition, Long> committed(Set<TopicPartition> partitions) {
    try (OrderflowKafka kafka = new OrderflowKafka(broker.getBrokersAsString())) {
      Map<TopicPartition, OffsetAndMetadata> offsets = kafka.committedOffsets(groupId);
      Map<TopicPartition, Long> committed = new HashMap<>();
      for (TopicPartition partition : partitions) {
        OffsetAndMetadata offset = offsets.get(partition);
        committed.put(partition, offset == null ? 0L : offset.offset());
      }
      return committed;
    }
  }

  private Map<TopicPartition, Long> endOffsets(String topic) {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
      int partitions =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(10, TimeUnit.SECONDS)
              .get(topic)
              .partitions()
              .size();
      Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
      for (int p = 0; p < partitions; p++) {
        latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    } catch (Exception e) {
      throw new IllegalStateException("could not read the end offsets of " + topic, e);
    }
  }

  /** The route's record counters by outcome. */
  private Map<String, Double> counts() {
    Map<String, Double> counts = new HashMap<>();
    for (Counter counter :
        metrics.find("orderflow.inbound.records").tag("route", ROUTE).counters()) {
      counts.merge(counter.getId().getTag("outcome"), counter.count(), Double::sum);
    }
    return counts;
  }

  private long delta(Map<String, Double> before, String outcome) {
    return (long) (counts().getOrDefault(outcome, 0.0) - before.getOrDefault(outcome, 0.0));
  }

  /**
   * What the counters went up by since {@code before}, by outcome; outcomes that did not go up are
   * left out.
   */
  private Map<String, Long> deltas(Map<String, Double> before) {
    Map<String, Long> deltas = new TreeMap<>();
    counts()
        .forEach(
            (outcome, count) -> {
              long delta = (long) (count - before.getOrDefault(outcome, 0.0));
              if (delta != 0) {
                deltas.put(outcome, delta);
              }
            });
    return deltas;
  }
}
