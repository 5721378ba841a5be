package dev.orderflow.bench;

import dev.orderflow.testing.EmbeddedEngine;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.MessageIntent;
import io.camunda.zeebe.protocol.record.value.MessageRecordValue;

/**
 * When the engine published a round's messages, by its own record timestamps (milliseconds): the
 * raw publish and the bridge are timed the same way, on the engine's side, after the round, so no
 * polling thread competes for the cores while they run.
 */
record PublishedMessages(int count, long firstMillis, long lastMillis) {

  /** The rate measured on the harness's side, for comparison (less precise: see the scenarios). */
  static final String CLIENT_RATE = "clientSideRate";

  /**
   * A round's figures: the engine-side rate and duration, and the harness-side rate.
   *
   * @throws IllegalStateException if the engine did not publish every message of the round
   */
  static java.util.Map<String, Double> round(
      EmbeddedEngine engine, String prefix, int messages, long clientNanos) {
    PublishedMessages published = of(engine, prefix);
    if (published.count() != messages) {
      throw new IllegalStateException(
          "the engine published "
              + published.count()
              + " of "
              + messages
              + " messages "
              + prefix
              + "*");
    }
    java.util.Map<String, Double> values = new java.util.LinkedHashMap<>();
    boolean precise = !Double.isNaN(published.rate());
    values.put(ScenarioResult.RATE, precise ? published.rate() : Stats.rate(messages, clientNanos));
    values.put(ScenarioResult.SECONDS, precise ? published.seconds() : clientNanos / 1e9);
    values.put(CLIENT_RATE, Stats.rate(messages, clientNanos));
    return values;
  }

  /** The PUBLISHED records of messages whose correlation key starts with the prefix. */
  static PublishedMessages of(EmbeddedEngine engine, String correlationKeyPrefix) {
    int count = 0;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (Record<MessageRecordValue> record : engine.records().messageRecords()) {
      if (record.getIntent() == MessageIntent.PUBLISHED
          && record.getValue().getCorrelationKey().startsWith(correlationKeyPrefix)) {
        count++;
        first = Math.min(first, record.getTimestamp());
        last = Math.max(last, record.getTimestamp());
      }
    }
    return new PublishedMessages(count, first, last);
  }

  /** Messages per second between the first and the last publish. */
  double rate() {
    return count < 2 || lastMillis <= firstMillis
        ? Double.NaN
        : (count - 1) / ((lastMillis - firstMillis) / 1000.0);
  }

  double seconds() {
    return (lastMillis - firstMillis) / 1000.0;
  }
}
