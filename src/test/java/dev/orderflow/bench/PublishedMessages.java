package dev.orderflow.bench;

import dev.orderflow.testing.EmbeddedEngine;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.MessageIntent;
import io.camunda.zeebe.protocol.record.value.MessageRecordValue;
import java.util.List;

/**
 * When the engine published a round's messages, by its own record timestamps (milliseconds). The
 * raw publish and the bridge are timed alike, from the moment the harness sent the first message
 * (raw publish) or produced the first record (bridge) to the engine's last PUBLISHED record of the
 * round: the bridge's figure includes consuming, translating and its per-poll barrier, the raw
 * publish's the client's round trip. The engine's records are read after the round, so no polling
 * thread competes for the cores while it runs.
 */
record PublishedMessages(int count, long firstMillis, long lastMillis) {

  /**
   * A round's figures: the rate and duration from the first send to the last publish.
   *
   * @param startMillis wall-clock time when the first message or record was sent
   * @throws IllegalStateException if the engine did not publish every message of the round
   */
  static java.util.Map<String, Double> round(
      EmbeddedEngine engine, String prefix, int messages, long startMillis) {
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
    long millis = Math.max(1, published.lastMillis() - startMillis);
    java.util.Map<String, Double> values = new java.util.LinkedHashMap<>();
    values.put(ScenarioResult.RATE, messages / (millis / 1000.0));
    values.put(ScenarioResult.SECONDS, millis / 1000.0);
    return values;
  }

  /**
   * Sends one round's messages, all correlation keys starting with the prefix, and waits until they
   * are answered; returns the wall-clock time (ms) the first one was sent.
   */
  @FunctionalInterface
  interface RoundSender {
    long send(String prefix, int messages) throws Exception;
  }

  /**
   * One side of a message scenario: where its rounds are recorded, how they are reported, and how
   * they are sent.
   *
   * @param label e.g. {@code publish/default}
   * @param unit what is counted, e.g. {@code messages}
   * @param keyPrefix its correlation keys' prefix, different for each side
   */
  record Side(
      ScenarioResult.Builder result,
      String label,
      String unit,
      String keyPrefix,
      RoundSender sender) {}

  /**
   * The warm-up round (discarded) and the measured rounds of a message scenario (raw publish,
   * bridge): fresh correlation keys per round, each round timed by the engine, reported on the
   * console and, unless it is the warm-up, recorded. With several sides, each round runs them one
   * after the other ({@link #inTurn}), so that the n-th rounds of all run on an equally warm JVM
   * and engine.
   */
  static void runRounds(EmbeddedEngine engine, BenchOptions options, Side... sides)
      throws Exception {
    for (int round = 0; round <= options.rounds(); round++) {
      boolean warmup = round == 0;
      int messages = warmup ? options.messageWarmup() : options.messages();
      if (messages == 0) {
        continue;
      }
      for (Side side : inTurn(round, sides)) {
        runRound(engine, side, messages, round);
      }
    }
  }

  /**
   * The order the sides run in a round: the given one in the warm-up and the odd rounds, reversed
   * in the even ones. The engine's state grows with every round (each message stays buffered for
   * its TTL), and every side slows down with it; a side that always ran second published into the
   * state its yardstick had just added (in a full run of 2026-12-05, stopped before its end, at
   * 20,000 messages a round, the raw publish ran 2,539 messages/s in its first round and 2,070 in
   * its fifth). Taking turns, each side runs first as often as the other over an even number of
   * rounds.
   */
  static List<Side> inTurn(int round, Side... sides) {
    List<Side> order = List.of(sides);
    return round % 2 == 0 && round > 0 ? order.reversed() : order;
  }

  /**
   * One round of a message scenario: sends it, times it by the engine, reports it on the console
   * and, unless it is the warm-up (round 0), records it.
   */
  private static void runRound(EmbeddedEngine engine, Side side, int messages, int round)
      throws Exception {
    boolean warmup = round == 0;
    String prefix = side.keyPrefix() + "-" + round + "-";
    long startMillis = side.sender().send(prefix, messages);
    java.util.Map<String, Double> values = round(engine, prefix, messages, startMillis);
    if (!warmup) {
      side.result().round(values);
    }
    Progress.say(
        "  %s %s: %d %s in %.2f s, %.0f/s",
        side.label(),
        warmup ? "warm-up" : "round " + round,
        messages,
        side.unit(),
        values.get(ScenarioResult.SECONDS),
        values.get(ScenarioResult.RATE));
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
}
