package dev.orderflow.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * Turns Kafka records into engine messages: translate, publish, acknowledge.
 *
 * <p>Each poll's records are published asynchronously, at most {@code
 * orderflow.inbound.max-in-flight} at a time, and in order per order id: a record waits for the
 * previous record of the poll with the same key (offset order within a partition; across topics,
 * the order the poll returned them in, which the messages' TTL makes safe). The batch is
 * acknowledged only when the engine has accepted (or dropped as a duplicate) every message in it.
 * If the engine refuses one, the bridge raises {@link BatchListenerFailedException} for the first
 * refused record: Spring Kafka commits the records before it, seeks back to it and retries from
 * there with a capped backoff (see {@link KafkaConfig}), so the committed offset only ever passes
 * accepted records. A crash before the commit means redelivery, which the message id and the
 * idempotent workers make harmless. Rebalances happen only between polls, after the batch has
 * settled, so no publish of a revoked partition is left in flight.
 *
 * <p>Records that can never become a message are dead-lettered, in offset order, and the batch
 * carries on.
 */
@Component
public class InboundBridge {

  private static final Logger log = LoggerFactory.getLogger(InboundBridge.class);

  private final RecordTranslator translator;
  private final EngineMessageGateway engine;
  private final ConsumerRecordRecoverer deadLetters;
  private final InboundProperties properties;
  private final BridgeHealth health;
  private final MeterRegistry metrics;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Map<String, RouteMeters> meters = new ConcurrentHashMap<>();

  public InboundBridge(
      RecordTranslator translator,
      EngineMessageGateway engine,
      ConsumerRecordRecoverer inboundDeadLetters,
      InboundProperties properties,
      BridgeHealth health,
      MeterRegistry metrics) {
    this.translator = translator;
    this.engine = engine;
    this.deadLetters = inboundDeadLetters;
    this.properties = properties;
    this.health = health;
    this.metrics = metrics;
    metrics.gauge("orderflow.inbound.in-flight", inFlight);
    // registered up front: every route's counters exist (at 0) from the start, and the hot path
    // finds its meters by route name instead of building and looking up a meter id per record
    properties.routes().keySet().forEach(this::meters);
  }

  /** The subscribed topics, read by the listener annotation below. */
  public String[] topics() {
    return properties.topics().toArray(String[]::new);
  }

  @KafkaListener(
      id = "inbound-bridge",
      topics = "#{__listener.topics()}",
      groupId = "${orderflow.inbound.group-id}",
      batch = "true")
  public void onBatch(List<ConsumerRecord<String, byte[]>> records, Acknowledgment ack) {
    Semaphore permits = new Semaphore(properties.maxInFlight());
    Map<String, CompletableFuture<EngineMessageGateway.Outcome>> lastByKey = new HashMap<>();
    List<CompletableFuture<EngineMessageGateway.Outcome>> results = new ArrayList<>(records.size());
    for (ConsumerRecord<String, byte[]> record : records) {
      results.add(submit(record, permits, lastByKey));
    }
    // Let every publish settle (in-flight stays bounded), then act in offset order.
    int refusedAt = -1;
    Throwable refusal = null;
    for (int i = 0; i < records.size(); i++) {
      try {
        results.get(i).join();
      } catch (CompletionException e) {
        Throwable cause = unwrap(e);
        if (refusedAt >= 0) {
          continue; // redelivered after the refused record anyway
        }
        if (cause instanceof PoisonRecordException poison) {
          deadLetter(records.get(i), poison, i);
        } else {
          refusedAt = i;
          refusal = cause;
        }
      }
    }
    if (refusedAt >= 0) {
      health.refused(refusal);
      throw new BatchListenerFailedException(
          "engine did not accept the message of "
              + coordinates(records.get(refusedAt))
              + ": "
              + refusal.getMessage(),
          refusal,
          refusedAt);
    }
    health.accepted();
    ack.acknowledge();
  }

  private CompletableFuture<EngineMessageGateway.Outcome> submit(
      ConsumerRecord<String, byte[]> record,
      Semaphore permits,
      Map<String, CompletableFuture<EngineMessageGateway.Outcome>> lastByKey) {
    meters(routeName(record)).received.increment();
    InboundMessage message;
    try {
      message = translator.translate(record);
    } catch (PoisonRecordException e) {
      return CompletableFuture.failedFuture(e);
    }
    permits.acquireUninterruptibly();
    inFlight.incrementAndGet();
    CompletableFuture<EngineMessageGateway.Outcome> previous =
        lastByKey.get(message.correlationKey());
    // Same order id: publish after the previous record, and only if it went through, so the
    // engine sees an order's messages in offset order even when a retry starts over.
    CompletableFuture<EngineMessageGateway.Outcome> result =
        previous == null
            ? timed(message)
            : previous
                .exceptionallyCompose(
                    e ->
                        unwrap(e) instanceof PoisonRecordException
                            ? CompletableFuture.completedFuture(null)
                            : CompletableFuture.failedFuture(e))
                .thenCompose(ignored -> timed(message));
    result.whenComplete(
        (outcome, failure) -> {
          permits.release();
          inFlight.decrementAndGet();
          if (outcome != null) {
            RouteMeters route = meters(message.route());
            (outcome == EngineMessageGateway.Outcome.PUBLISHED ? route.published : route.duplicate)
                .increment();
            if (log.isDebugEnabled()) {
              log.debug(
                  "{} {} for order {} from {}: {}",
                  message.messageName(),
                  message.messageId(),
                  message.correlationKey(),
                  coordinates(record),
                  outcome);
            }
          }
        });
    lastByKey.put(message.correlationKey(), result);
    return result;
  }

  private CompletableFuture<EngineMessageGateway.Outcome> timed(InboundMessage message) {
    Timer.Sample sample = Timer.start(metrics);
    return engine
        .publish(message)
        .whenComplete((outcome, failure) -> sample.stop(meters(message.route()).publish));
  }

  private void deadLetter(
      ConsumerRecord<String, byte[]> record, PoisonRecordException reason, int index) {
    MDC.put("orderId", RecordTranslator.orderIdOf(record));
    try {
      deadLetters.accept(record, reason);
    } catch (RuntimeException e) {
      // the dead-letter topic is unavailable: the record is retried, never dropped
      throw new BatchListenerFailedException(
          "could not dead-letter " + coordinates(record) + ": " + e.getMessage(), e, index);
    } finally {
      MDC.remove("orderId");
    }
  }

  private RouteMeters meters(String route) {
    return meters.computeIfAbsent(route, name -> new RouteMeters(metrics, name));
  }

  private String routeName(ConsumerRecord<?, ?> record) {
    try {
      return translator.routeOf(record.topic()).name();
    } catch (PoisonRecordException e) {
      return "none";
    }
  }

  /** A route's meters, resolved once. */
  private static final class RouteMeters {
    final Counter received;
    final Counter published;
    final Counter duplicate;
    final Timer publish;

    RouteMeters(MeterRegistry metrics, String route) {
      received = records(metrics, route, "received");
      published = records(metrics, route, "published");
      duplicate = records(metrics, route, "duplicate");
      publish =
          Timer.builder("orderflow.inbound.publish")
              .description("time from sending a message to the engine's answer")
              .tag("route", route)
              .publishPercentileHistogram()
              .register(metrics);
    }

    private static Counter records(MeterRegistry metrics, String route, String outcome) {
      return metrics.counter("orderflow.inbound.records", "route", route, "outcome", outcome);
    }
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  static String coordinates(ConsumerRecord<?, ?> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }
}
