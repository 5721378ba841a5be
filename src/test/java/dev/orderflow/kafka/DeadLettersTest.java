package dev.orderflow.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;

/**
 * A poison record always leaves its partition: its dead letter is written whole, or trimmed when it
 * is too large for the broker, or, when the dead-letter topic cannot be written at all (missing, no
 * write permission), the record is skipped with an error, a metric and the bridge's health showing
 * it. Counters count acknowledged writes only.
 */
class DeadLettersTest {

  static final String PAYMENTS = "payments.captured";

  final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  final BridgeHealth health = new BridgeHealth(Clock.systemUTC());
  final AtomicInteger fullAttempts = new AtomicInteger();
  final AtomicInteger trimmedWrites = new AtomicInteger();

  @Test
  void deadLetterTooLargeForTheBroker_isWrittenTrimmed_andCountedOnce() {
    DeadLetters deadLetters =
        deadLetters(
            (record, e) -> {
              fullAttempts.incrementAndGet();
              throw new KafkaException(
                  "Dead-letter publication to payments.captured.DLT failed",
                  new RecordTooLargeException("The message is 1049604 bytes when serialized"));
            },
            (record, e) -> trimmedWrites.incrementAndGet());

    DeadLetters.Result result = deadLetters.write(poison(), tooLarge());

    assertThat(result).isEqualTo(DeadLetters.Result.TRIMMED);
    assertThat(fullAttempts).hasValue(1);
    assertThat(trimmedWrites).hasValue(1);
    assertThat(count("dead-lettered")).isEqualTo(1);
    assertThat(count("dead-letter-failed")).isZero();
    assertThat(health.health().getStatus().getCode()).isEqualTo("UP");
  }

  @Test
  void deadLetterTopicMissing_recordMovesOn_notCountedAsDeadLettered_healthAndMetricShowIt() {
    DeadLetters deadLetters =
        deadLetters(
            (record, e) -> {
              fullAttempts.incrementAndGet();
              throw new KafkaException(
                  "Send failed",
                  new TimeoutException(
                      "Topic payments.captured.DLT not present in metadata after 5000 ms."));
            },
            (record, e) -> trimmedWrites.incrementAndGet());

    DeadLetters.Result result = deadLetters.write(poison(), tooLarge());

    assertThat(result).isEqualTo(DeadLetters.Result.NOT_WRITTEN);
    assertThat(fullAttempts).hasValue(1);
    assertThat(trimmedWrites).as("a trimmed copy does not help here").hasValue(0);
    assertThat(count("dead-lettered")).isZero();
    assertThat(count("dead-letter-failed")).isEqualTo(1);
    assertThat(health.health().getStatus().getCode()).isEqualTo("DEGRADED");
    assertThat(health.health().getDetails())
        .extractingByKey("deadLetterTopic")
        .asString()
        .contains("payments.captured.DLT")
        .contains("not present in metadata");
  }

  @Test
  void deadLetterTopicWritableAgain_healthRecovers() {
    AtomicInteger calls = new AtomicInteger();
    DeadLetters deadLetters =
        deadLetters(
            (record, e) -> {
              if (calls.incrementAndGet() == 1) {
                throw new KafkaException(
                    "Send failed", new TopicAuthorizationException("Not authorized"));
              }
            },
            (record, e) -> trimmedWrites.incrementAndGet());

    assertThat(deadLetters.write(poison(), tooLarge())).isEqualTo(DeadLetters.Result.NOT_WRITTEN);
    assertThat(health.health().getStatus().getCode()).isEqualTo("DEGRADED");
    assertThat(deadLetters.write(poison(), tooLarge())).isEqualTo(DeadLetters.Result.WRITTEN);
    assertThat(health.health().getStatus().getCode()).isEqualTo("UP");
    assertThat(count("dead-lettered")).isEqualTo(1);
    assertThat(count("dead-letter-failed")).isEqualTo(1);
  }

  private DeadLetters deadLetters(ConsumerRecordRecoverer full, ConsumerRecordRecoverer trimmed) {
    return new DeadLetters(full, trimmed, health, metrics);
  }

  private double count(String outcome) {
    var counter =
        metrics
            .find("orderflow.inbound.records")
            .tags("route", PAYMENTS, "outcome", outcome)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private static ConsumerRecord<String, byte[]> poison() {
    return new ConsumerRecord<>(
        PAYMENTS, 1, 42, "order-1", "x".repeat(100).getBytes(StandardCharsets.UTF_8));
  }

  private static PoisonRecordException tooLarge() {
    return new PoisonRecordException("record of 1046000 bytes exceeds the maximum of 65536");
  }
}
