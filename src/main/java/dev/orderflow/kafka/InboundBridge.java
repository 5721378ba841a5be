package dev.orderflow.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.MessageListenerContainer;
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
 * <p>Records that can never become a message are dead-lettered ({@link DeadLetters}), in offset
 * order, once no publish of the batch is in flight any more, and the batch carries on.
 *
 * <p>Stopping: once the application closes (or the listener container is stopped), no new publish
 * starts, neither a record not yet submitted nor an order's next message waiting for its previous
 * one. The bridge waits at most {@code orderflow.inbound.stop-timeout} for the messages in flight,
 * then ends the batch at the first record the engine has not accepted: only the accepted prefix is
 * committed, the rest is redelivered to whoever consumes the partition next.
 */
@Component
public class InboundBridge implements ApplicationListener<ContextClosedEvent> {

  /** The listener container's id. */
  public static final String LISTENER_ID = "inbound-bridge";

  private static final Logger log = LoggerFactory.getLogger(InboundBridge.class);

  /** How often a wait looks whether stop was requested. */
  private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final RecordTranslator translator;
  private final EngineMessageGateway engine;
  private final DeadLetters deadLetters;
  private final InboundProperties properties;
  private final ModelRoutes routes;
  private final BridgeHealth health;
  private final MeterRegistry metrics;
  private final BooleanSupplier containerStopping;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile List<MessageAcceptedListener> acceptedListeners = List.of();
  private final Map<String, RouteMeters> meters = new ConcurrentHashMap<>();
  private volatile boolean stopRequested;

  @Autowired
  public InboundBridge(
      RecordTranslator translator,
      EngineMessageGateway engine,
      DeadLetters deadLetters,
      InboundProperties properties,
      ModelRoutes routes,
      BridgeHealth health,
      MeterRegistry metrics,
      @Lazy KafkaListenerEndpointRegistry listeners) {
    this(
        translator,
        engine,
        deadLetters,
        properties,
        routes,
        health,
        metrics,
        () -> {
          MessageListenerContainer container = listeners.getListenerContainer(LISTENER_ID);
          return container != null && !container.isRunning();
        });
  }

  InboundBridge(
      RecordTranslator translator,
      EngineMessageGateway engine,
      DeadLetters deadLetters,
      InboundProperties properties,
      ModelRoutes routes,
      BridgeHealth health,
      MeterRegistry metrics,
      BooleanSupplier containerStopping) {
    this.translator = translator;
    this.engine = engine;
    this.deadLetters = deadLetters;
    this.properties = properties;
    this.routes = routes;
    this.health = health;
    this.metrics = metrics;
    this.containerStopping = containerStopping;
    metrics.gauge("orderflow.inbound.in-flight", inFlight);
    // registered up front: every route's counters exist (at 0) from the start, and the hot path
    // finds its meters by topic instead of building and looking up a meter id per record
    routes.topics().forEach(this::meters);
  }

  /** The application is closing: start no new publish (before the containers are stopped). */
  @Override
  public void onApplicationEvent(ContextClosedEvent event) {
    requestStop();
  }

  void requestStop() {
    stopRequested = true;
  }

  private boolean stopping() {
    return stopRequested || containerStopping.getAsBoolean();
  }

  /** The subscribed topics, read by the listener annotation below. */
  public String[] topics() {
    return routes.topics().toArray(String[]::new);
  }

  @KafkaListener(
      id = LISTENER_ID,
      topics = "#{__listener.topics()}",
      groupId = "${orderflow.inbound.group-id}",
      batch = "true",
      autoStartup = "false") // started once the processes are deployed (ProcessDeployment)
  public void onBatch(List<ConsumerRecord<String, byte[]>> records, Acknowledgment ack) {
    Batch batch = new Batch(properties.maxInFlight());
    List<CompletableFuture<EngineMessageGateway.Outcome>> results = new ArrayList<>(records.size());
    for (ConsumerRecord<String, byte[]> record : records) {
      CompletableFuture<EngineMessageGateway.Outcome> result = submit(record, batch);
      if (result == null) {
        break; // stop requested: this record and the rest are left for redelivery
      }
      results.add(result);
    }
    // Let every publish settle (bounded once stop is requested), then act in offset order.
    int settled = 0;
    while (settled < results.size() && batch.awaitSettled(results.get(settled))) {
      settled++;
    }
    int refusedAt = -1;
    Throwable refusal = null;
    for (int i = 0; i < settled && refusedAt < 0; i++) {
      Throwable failure = failureOf(results.get(i));
      if (failure instanceof PoisonRecordException poison && !stopping()) {
        deadLetter(records.get(i), poison);
      } else if (failure != null) {
        refusedAt = i;
        refusal =
            failure instanceof PoisonRecordException ? new BridgeStoppingException() : failure;
      }
    }
    if (refusedAt < 0 && settled < records.size()) {
      refusedAt = settled;
      refusal = new BridgeStoppingException();
    }
    batch.restoreInterrupt();
    if (refusedAt >= 0) {
      if (refusal instanceof BridgeStoppingException) {
        log.info(
            "Stopping: {} of {} records of the batch accepted and committed; the rest from {} on"
                + " is left for redelivery",
            refusedAt,
            records.size(),
            coordinates(records.get(refusedAt)));
      } else {
        health.refused(refusal);
      }
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

  /**
   * Translates the record and starts its publish; a failed future for a poison record; null if stop
   * was requested before the publish could start.
   */
  private CompletableFuture<EngineMessageGateway.Outcome> submit(
      ConsumerRecord<String, byte[]> record, Batch batch) {
    if (stopping()) {
      return null;
    }
    RouteMeters route = meters(record.topic());
    List<InboundMessage> messages;
    try {
      messages = translator.translate(record);
    } catch (PoisonRecordException e) {
      route.received.increment();
      return CompletableFuture.failedFuture(e);
    }
    route.received.increment();
    if (messages.isEmpty()) {
      route.unmatched.increment();
      log.debug("{}: no element takes it, skipped", coordinates(record));
      return CompletableFuture.completedFuture(EngineMessageGateway.Outcome.DUPLICATE);
    }
    if (!batch.acquire()) {
      return null;
    }
    inFlight.incrementAndGet();
    // per-order order: by the record key (the order id), else by the first message's key
    String orderKey = record.key() != null ? record.key() : messages.getFirst().correlationKey();
    CompletableFuture<EngineMessageGateway.Outcome> previous = batch.lastByKey.get(orderKey);
    // Same order id: publish after the previous record, and only if it went through, so the
    // engine sees an order's messages in offset order even when a retry starts over.
    CompletableFuture<EngineMessageGateway.Outcome> result =
        previous == null
            ? timed(route, messages)
            : previous
                .exceptionallyCompose(
                    e ->
                        unwrap(e) instanceof PoisonRecordException
                            ? CompletableFuture.completedFuture(null)
                            : CompletableFuture.failedFuture(e))
                .thenCompose(
                    ignored ->
                        stopping()
                            ? CompletableFuture.failedFuture(new BridgeStoppingException())
                            : timed(route, messages));
    result.whenComplete(
        (outcome, failure) -> {
          batch.permits.release();
          inFlight.decrementAndGet();
          if (outcome != null) {
            (outcome == EngineMessageGateway.Outcome.PUBLISHED ? route.published : route.duplicate)
                .increment();
            if (log.isDebugEnabled()) {
              for (InboundMessage message : messages) {
                log.debug(
                    "{} {} by {} from {}: {}",
                    message.messageName(),
                    message.messageId(),
                    message.correlationKey(),
                    coordinates(record),
                    outcome);
              }
            }
          }
        });
    batch.lastByKey.put(orderKey, result);
    return result;
  }

  /** One poll's publishing: its in-flight permits, its last message per order id, its stop. */
  private final class Batch {
    final Semaphore permits;
    final Map<String, CompletableFuture<EngineMessageGateway.Outcome>> lastByKey = new HashMap<>();
    private long stopDeadline;
    private boolean stopSeen;
    private boolean interrupted;

    Batch(int maxInFlight) {
      permits = new Semaphore(maxInFlight);
    }

    /** A permit to publish, or false once stop is requested. */
    boolean acquire() {
      while (!stopSeen()) {
        try {
          if (permits.tryAcquire(SLICE_NANOS, TimeUnit.NANOSECONDS)) {
            if (stopSeen()) {
              permits.release();
              return false;
            }
            return true;
          }
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      return false;
    }

    /**
     * Waits for the publish to settle: for as long as it takes (each publish has its own timeout)
     * until stop is requested, from then on until the stop timeout has passed.
     */
    boolean awaitSettled(CompletableFuture<?> result) {
      while (!result.isDone()) {
        long wait = SLICE_NANOS;
        if (stopSeen()) {
          long left = stopDeadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          wait = Math.min(wait, left);
        }
        try {
          result.get(wait, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException | CancellationException | TimeoutException e) {
          // settled with a failure, or not yet: looked at above
        }
      }
      return true;
    }

    private boolean stopSeen() {
      if (!stopSeen && (interrupted || stopping())) {
        stopSeen = true;
        stopDeadline = System.nanoTime() + properties.stopTimeout().toNanos();
      }
      return stopSeen;
    }

    void restoreInterrupt() {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static Throwable failureOf(CompletableFuture<?> settled) {
    try {
      settled.join();
      return null;
    } catch (CompletionException | CancellationException e) {
      return unwrap(e);
    }
  }

  private CompletableFuture<EngineMessageGateway.Outcome> timed(
      RouteMeters route, List<InboundMessage> messages) {
    Timer.Sample sample = Timer.start(metrics);
    return engine
        .publish(messages)
        .whenComplete((outcome, failure) -> sample.stop(route.publish))
        .thenApply(
            outcome -> {
              // before the commit: a listener that fails makes the record a refusal, retried
              for (InboundMessage message : messages) {
                acceptedListeners.forEach(listener -> listener.accepted(message));
              }
              return outcome;
            });
  }

  /** Told of every accepted message before its record is committed (the payment ledger). */
  @Autowired(required = false)
  void setAcceptedListeners(List<MessageAcceptedListener> listeners) {
    this.acceptedListeners = List.copyOf(listeners);
  }

  private void deadLetter(ConsumerRecord<String, byte[]> record, PoisonRecordException reason) {
    MDC.put("orderId", RecordTranslator.orderIdOf(record));
    try {
      deadLetters.write(record, reason);
    } finally {
      MDC.remove("orderId");
    }
  }

  private RouteMeters meters(String route) {
    return meters.computeIfAbsent(route, name -> new RouteMeters(metrics, name));
  }

  /** A route's meters, resolved once. */
  private static final class RouteMeters {
    final Counter received;
    final Counter published;
    final Counter duplicate;
    final Counter unmatched;
    final Timer publish;

    RouteMeters(MeterRegistry metrics, String route) {
      received = records(metrics, route, "received");
      published = records(metrics, route, "published");
      duplicate = records(metrics, route, "duplicate");
      unmatched = records(metrics, route, "unmatched");
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
