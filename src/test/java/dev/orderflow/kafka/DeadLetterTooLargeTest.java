package dev.orderflow.kafka;

import static dev.orderflow.testing.OrderflowKafka.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.order.OrderProcess;
import dev.orderflow.testing.EmbeddedEngine;
import dev.orderflow.testing.InboundCounters;
import dev.orderflow.testing.OrderJson;
import dev.orderflow.testing.OrderflowIntegrationTest;
import dev.orderflow.testing.OrderflowKafka;
import io.camunda.zeebe.protocol.record.intent.MessageIntent;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/**
 * A record under the broker's size limit but over {@code max-record-size}, whose dead letter (the
 * record plus Spring Kafka's exception headers) is over the producer's limit: the bridge writes a
 * trimmed copy with the original's coordinates, moves on, and the next record of the partition is
 * published once.
 */
@OrderflowIntegrationTest
class DeadLetterTooLargeTest {

  static final String PAYMENTS = "payments.captured";
  static final String PAYMENTS_DLT = PAYMENTS + ".DLT";

  /** Under the broker's 1 MB limit, over the default max-record-size (64 KB). */
  static final int SIZE = 1_046_000;

  @Autowired EmbeddedEngine engine;
  @Autowired MeterRegistry metrics;
  @Autowired HealthEndpoint health;
  @Autowired EmbeddedKafkaBroker broker;

  @Value("${orderflow.inbound.group-id}")
  String groupId;

  @Test
  void poisonRecordWhoseDeadLetterIsTooLarge_isDeadLetteredTrimmed_andThePartitionMovesOn() {
    String orderId = "order-" + UUID.randomUUID();
    InboundCounters counters = InboundCounters.snapshot(metrics);
    try (OrderflowKafka kafka = new OrderflowKafka(broker.getBrokersAsString())) {
      RecordMetadata big = kafka.send(PAYMENTS, orderId, oversizedPayment(orderId));
      RecordMetadata next =
          kafka.send(PAYMENTS, orderId, OrderJson.paymentCaptured(orderId, "next-" + orderId));
      assertThat(next.partition()).isEqualTo(big.partition());

      List<ConsumerRecord<String, String>> dead =
          kafka.awaitRecords(PAYMENTS_DLT, r -> originalOffset(r, big.partition()) == big.offset());
      assertThat(dead).hasSize(1);
      ConsumerRecord<String, String> letter = dead.get(0);
      assertThat(letter.key()).isEqualTo(orderId);
      assertThat(header(letter, "kafka_dlt-original-topic")).isEqualTo(PAYMENTS);
      assertThat(header(letter, "orderflow-dlt-reason"))
          .isEqualTo("record of " + SIZE + " bytes exceeds the maximum of 65536");
      assertThat(header(letter, "orderflow-dlt-trimmed-from")).isEqualTo(String.valueOf(SIZE));
      assertThat(letter.value()).hasSizeLessThanOrEqualTo(1024).startsWith("{\"eventId\"");

      TopicPartition partition = new TopicPartition(PAYMENTS, big.partition());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> kafka.committedOffsets(groupId).get(partition),
              committed -> committed != null && committed.offset() == next.offset() + 1);
    }
    assertThat(publishedTimes("next-" + orderId)).as("the next record's message").isEqualTo(1);
    assertThat(counters.grownBy("payments.captured", "dead-lettered")).isEqualTo(1);
    assertThat(counters.grownBy("payments.captured", "dead-letter-failed")).isZero();
    assertThat(health.healthForPath("inboundBridge").getStatus().getCode()).isEqualTo("UP");
  }

  private static String oversizedPayment(String orderId) {
    String head = "{\"eventId\":\"big-" + orderId + "\",\"amount\":25.00,\"note\":\"";
    String tail = "\"}";
    return head + "x".repeat(SIZE - head.length() - tail.length()) + tail;
  }

  /** How often the record's PaymentCaptured went to the engine (its PaymentReceived aside). */
  private long publishedTimes(String messageId) {
    return StreamSupport.stream(engine.records().messageRecords().spliterator(), false)
        .filter(r -> r.getIntent() == MessageIntent.PUBLISHED)
        .filter(r -> r.getValue().getName().equals(OrderProcess.MESSAGE_PAYMENT_CAPTURED))
        .filter(r -> r.getValue().getMessageId().equals(messageId))
        .count();
  }

  private static long originalOffset(ConsumerRecord<?, ?> letter, int partition) {
    var p = letter.headers().lastHeader("kafka_dlt-original-partition");
    var o = letter.headers().lastHeader("kafka_dlt-original-offset");
    if (p == null || o == null || ByteBuffer.wrap(p.value()).getInt() != partition) {
      return -1;
    }
    return ByteBuffer.wrap(o.value()).getLong();
  }
}
