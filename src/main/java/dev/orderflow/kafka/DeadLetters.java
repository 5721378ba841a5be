package dev.orderflow.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;

/**
 * Writes a poison record to {@code <topic>.DLT}, and makes sure it leaves its partition whatever
 * happens to that write:
 *
 * <ol>
 *   <li>the whole record, with the reason, the original coordinates and the exception headers;
 *   <li>if the broker refuses it as too large: a trimmed copy (the value cut to {@value
 *       #TRIMMED_VALUE_BYTES} bytes, the original headers and the stack trace left out), with the
 *       reason, the original coordinates and the original size in {@value #TRIMMED_HEADER};
 *   <li>if the dead-letter topic cannot be written at all (missing, no write permission, the broker
 *       unreachable for longer than the producer's timeouts): the record is not written anywhere;
 *       it is logged as an error with its coordinates (it stays in its topic until the topic's
 *       retention removes it), counted as {@code dead-letter-failed}, and the bridge's health is
 *       {@code DEGRADED} until a dead letter is written to that topic again.
 * </ol>
 *
 * Each write is bounded by the producer's {@code max.block.ms} and {@code delivery.timeout.ms}.
 * {@code dead-lettered} counts the writes the broker acknowledged, nothing else.
 */
public class DeadLetters {

  /** How the poison record left its partition. */
  public enum Result {
    /** The whole record is on the dead-letter topic. */
    WRITTEN,
    /** A trimmed copy is on the dead-letter topic: the whole one was too large. */
    TRIMMED,
    /** Nothing could be written: the record is only in the log (with its coordinates). */
    NOT_WRITTEN
  }

  static final int TRIMMED_VALUE_BYTES = 1024;
  static final String TRIMMED_HEADER = "orderflow-dlt-trimmed-from";

  private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

  private final ConsumerRecordRecoverer full;
  private final ConsumerRecordRecoverer trimmed;
  private final BridgeHealth health;
  private final MeterRegistry metrics;

  public DeadLetters(
      ConsumerRecordRecoverer full,
      ConsumerRecordRecoverer trimmed,
      BridgeHealth health,
      MeterRegistry metrics) {
    this.full = full;
    this.trimmed = trimmed;
    this.health = health;
    this.metrics = metrics;
  }

  /** Writes the dead letter; never throws, so the record always leaves its partition. */
  public Result write(ConsumerRecord<String, byte[]> record, PoisonRecordException reason) {
    String topic = record.topic() + KafkaConfig.DLT_SUFFIX;
    Result result;
    try {
      full.accept(record, reason);
      result = Result.WRITTEN;
    } catch (RuntimeException e) {
      if (!causedBy(e, RecordTooLargeException.class)) {
        return notWritten(record, reason, topic, e);
      }
      try {
        trimmed.accept(record, reason);
        result = Result.TRIMMED;
      } catch (RuntimeException second) {
        second.addSuppressed(e);
        return notWritten(record, reason, topic, second);
      }
    }
    health.deadLetterWritten(topic);
    count(record, "dead-lettered");
    log.error(
        "Dead-lettered {} (order {}, route {}) to {}{}: {}",
        InboundBridge.coordinates(record),
        RecordTranslator.orderIdOf(record),
        routeName(record),
        topic,
        result == Result.TRIMMED ? " trimmed (the whole record is too large for the broker)" : "",
        reason.getMessage());
    return result;
  }

  private Result notWritten(
      ConsumerRecord<String, byte[]> record,
      PoisonRecordException reason,
      String topic,
      RuntimeException failure) {
    String why = innermost(failure);
    health.deadLetterFailed(topic, why);
    count(record, "dead-letter-failed");
    log.error(
        "Could not dead-letter {} (order {}, route {}) to {}: {}. The record is skipped: it stays"
            + " in its topic at these coordinates until the topic's retention removes it. Reason"
            + " it was dead-lettered: {}",
        InboundBridge.coordinates(record),
        RecordTranslator.orderIdOf(record),
        routeName(record),
        topic,
        why,
        reason.getMessage(),
        failure);
    return Result.NOT_WRITTEN;
  }

  private void count(ConsumerRecord<?, ?> record, String outcome) {
    metrics
        .counter("orderflow.inbound.records", "route", routeName(record), "outcome", outcome)
        .increment();
  }

  /** Routes are by topic (see {@link ModelRoutes}). */
  private static String routeName(ConsumerRecord<?, ?> record) {
    return record.topic();
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String innermost(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null
        ? t.toString()
        : t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
