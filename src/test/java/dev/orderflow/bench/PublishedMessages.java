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

  /** Sends one round's messages, all correlation keys starting with the prefix; returns nanos. */
  @FunctionalInterface
  interface RoundSender {
    long send(String prefix, int messages) throws Exception;
  }

  /**
   * The warm-up round (discarded) and the measured rounds of a message scenario (raw publish,
   * bridge): fresh correlation keys per round, each round timed by the engine, reported on the
   * console and, unless it is the warm-up, recorded.
   *
   * @param label e.g. {@code publish/default}
   * @param unit what is counted, e.g. {@code messages}
   * @param side where the harness-side rate is taken, e.g. {@code client side}
   */
  static void runRounds(
      EmbeddedEngine engine,
      BenchOptions options,
      ScenarioResult.Builder result,
      String label,
      String unit,
      String side,
      String keyPrefix,
      RoundSender sender)
      throws Exception {
    for (int round = 0; round <= options.rounds(); round++) {
      boolean warmup = round == 0;
      int messages = warmup ? options.messageWarmup() : options.messages();
      if (messages == 0) {
        continue;
      }
      String prefix = keyPrefix + "-" + round + "-";
      long nanos = sender.send(prefix, messages);
      java.util.Map<String, Double> values = round(engine, prefix, messages, nanos);
      if (!warmup) {
        result.round(values);
      }
      Progress.say(
          "  %s %s: %d %s, %.0f/s (%s %.0f/s)",
          label,
          warmup ? "warm-up" : "round " + round,
          messages,
          unit,
          values.get(ScenarioResult.RATE),
          side,
          values.get(CLIENT_RATE));
    }
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
