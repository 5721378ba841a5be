package dev.orderflow.testing;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What a test does on the broker as other services would: send records, read a topic from the
 * beginning, read a consumer group's committed offsets. Plain Kafka clients, nothing from the
 * application under test.
 */
public final class OrderflowKafka implements AutoCloseable {

  private final String bootstrapServers;
  private final KafkaProducer<String, byte[]> producer;

  public OrderflowKafka(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  /** Sends and waits for the broker's acknowledgement. */
  public RecordMetadata send(String topic, String key, String value) {
    return send(topic, key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  public RecordMetadata send(String topic, String key, byte[] value) {
    try {
      return producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not send to " + topic, e);
    }
  }

  /** Sends with this record timestamp (business time, when the payload has none). */
  public RecordMetadata send(String topic, String key, String value, Instant timestamp) {
    return sendAll(List.of(new ProducerRecord<>(topic, null, timestamp.toEpochMilli(), key, value)))
        .getFirst();
  }

  /**
   * Sends all records at once (the producer batches them, as a backlog or a burst arrives), then
   * waits for every acknowledgement.
   */
  public List<RecordMetadata> sendAll(List<ProducerRecord<String, String>> records) {
    List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>(records.size());
    for (ProducerRecord<String, String> r : records) {
      sent.add(
          producer.send(
              new ProducerRecord<>(
                  r.topic(),
                  r.partition(),
                  r.timestamp(),
                  r.key(),
                  r.value() == null ? null : r.value().getBytes(StandardCharsets.UTF_8))));
    }
    List<RecordMetadata> acknowledged = new ArrayList<>(sent.size());
    try {
      for (java.util.concurrent.Future<RecordMetadata> future : sent) {
        acknowledged.add(future.get(30, TimeUnit.SECONDS));
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not send " + records.size() + " records", e);
    }
    return acknowledged;
  }

  /**
   * A consumer of its own (fresh group, nothing committed) assigned every partition of the topic
   * and positioned at the beginning; the caller closes it.
   */
  public static KafkaConsumer<String, byte[]> fromBeginning(String bootstrapServers, String topic) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.GROUP_ID_CONFIG,
            "test-reader-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            "false");
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    try {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      return consumer;
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
  }

  /** Every record on the topic right now, read from the beginning. */
  public List<ConsumerRecord<String, String>> readAll(String topic) {
    try (KafkaConsumer<String, byte[]> consumer = fromBeginning(bootstrapServers, topic)) {
      List<TopicPartition> partitions = List.copyOf(consumer.assignment());
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<String, String>> records = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
          && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          records.add(
              new ConsumerRecord<>(
                  r.topic(),
                  r.partition(),
                  r.offset(),
                  r.timestamp(),
                  r.timestampType(),
                  r.serializedKeySize(),
                  r.serializedValueSize(),
                  r.key(),
                  r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8),
                  r.headers(),
                  r.leaderEpoch()));
        }
      }
      return records;
    }
  }

  /** Waits until the topic holds at least one record matching, and returns all that match. */
  public List<ConsumerRecord<String, String>> awaitRecords(
      String topic, Predicate<ConsumerRecord<String, String>> matching) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> readAll(topic).stream().filter(matching).toList(), list -> !list.isEmpty());
  }

  /** The offsets a consumer group committed, by partition. */
  public Map<TopicPartition, OffsetAndMetadata> committedOffsets(String groupId) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      return admin
          .listConsumerGroupOffsets(groupId)
          .partitionsToOffsetAndMetadata()
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not read offsets of " + groupId, e);
    }
  }

  /** The offset after the last record sent, by partition. */
  public static Map<TopicPartition, Long> offsetsAfter(List<RecordMetadata> sent) {
    Map<TopicPartition, Long> end = new java.util.HashMap<>();
    sent.forEach(
        m -> end.merge(new TopicPartition(m.topic(), m.partition()), m.offset() + 1, Math::max));
    return end;
  }

  /** The offset of the first record sent, by partition. */
  public static Map<TopicPartition, Long> firstOffsets(List<RecordMetadata> sent) {
    Map<TopicPartition, Long> first = new java.util.HashMap<>();
    sent.forEach(
        m -> first.merge(new TopicPartition(m.topic(), m.partition()), m.offset(), Math::min));
    return first;
  }

  /** A header's value as text, or null. */
  public static String header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }

  /**
   * Sets the topic's {@code max.message.bytes} (null: back to the broker's default) and waits until
   * the broker reports it: a tiny limit makes every write to the topic fail, as a broker that
   * refuses records does.
   */
  public static void maxMessageBytes(Admin admin, String topicName, String value) throws Exception {
    ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, topicName);
    AlterConfigOp op =
        new AlterConfigOp(
            new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, value),
            value == null ? AlterConfigOp.OpType.DELETE : AlterConfigOp.OpType.SET);
    admin.incrementalAlterConfigs(Map.of(topic, List.of(op))).all().get(30, TimeUnit.SECONDS);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                admin
                    .describeConfigs(List.of(topic))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic)
                    .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)
                    .value(),
            actual -> value == null ? !actual.equals("64") : actual.equals(value));
  }
}
