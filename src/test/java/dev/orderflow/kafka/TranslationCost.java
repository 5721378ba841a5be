package dev.orderflow.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.testing.OrderJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.springframework.util.unit.DataSize;

/**
 * What translating a record costs the bridge's listener thread, from a JVM's first record on: the
 * application's models and {@link RecordTranslator}, payments.captured records as the benchmark
 * produces them (two messages each), in rounds, with the time per record of each round. Nothing
 * else runs, so the figures are the translation's alone, cold (FEEL's interpreter not compiled yet)
 * and warm.
 *
 * <p>Run: {@code ./mvnw -Pbench test -Dbench.main=dev.orderflow.kafka.TranslationCost}.
 */
public final class TranslationCost {

  private static final int FIRST_ROUND = 3_000;
  private static final int ROUND = 20_000;
  private static final int ROUNDS = 8;

  private TranslationCost() {}

  public static void main(String[] args) {
    RecordTranslator translator =
        new RecordTranslator(
            new ObjectMapper(),
            InboundPropertiesFixture.properties(DataSize.ofKilobytes(64), Duration.ofSeconds(5)),
            ModelRoutesFixture.application());
    long translated = 0;
    long messages = 0;
    for (int round = 0; round < ROUNDS; round++) {
      int records = round == 0 ? FIRST_ROUND : ROUND;
      long start = System.nanoTime();
      for (int i = 0; i < records; i++) {
        messages += translator.translate(record(translated + i)).size();
      }
      long nanos = System.nanoTime() - start;
      System.out.printf(
          "records %,7d to %,7d: %6.1f µs a record%n",
          translated + 1, translated + records, nanos / 1_000.0 / records);
      translated += records;
    }
    System.out.printf("%,d records, %,d messages%n", translated, messages);
  }

  private static ConsumerRecord<String, byte[]> record(long n) {
    String orderId = "order-" + n;
    String value = OrderJson.paymentCaptured(orderId);
    return new ConsumerRecord<>(
        "payments.captured",
        0,
        n,
        System.currentTimeMillis(),
        TimestampType.CREATE_TIME,
        -1,
        -1,
        orderId,
        value.getBytes(StandardCharsets.UTF_8),
        new RecordHeaders(),
        Optional.empty());
  }
}
