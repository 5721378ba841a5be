package dev.orderflow.bench;

import dev.orderflow.bench.BenchOptions.Scenario;
import dev.orderflow.testing.EmbeddedEngine;
import io.camunda.client.CamundaClient;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * (2, messages) The engine's raw publish rate: PaymentCaptured messages published straight through
 * the Camunda client, at most {@code --publish-in-flight} unanswered (the bridge's cap), with the
 * mode's TTL, on an engine with nothing deployed: a message starts no instance and nobody waits for
 * it (with the application's models deployed, each PaymentCaptured for an unknown order would start
 * a tracking instance, and the figure would be that of the process, not of publishing). This is
 * what the bridge (3) is held against: the same messages, the same TTL, the same cap, timed the
 * same way (from the first message sent to the engine's last PUBLISHED record, see {@link
 * PublishedMessages}). With the bridge selected, its rounds run alternating with the bridge's on
 * the bridge's engine ({@link BridgeScenario}); alone, on a fresh engine of the primary store
 * ({@code --stores}).
 */
final class PublishScenario {

  private final BenchOptions options;

  PublishScenario(BenchOptions options) {
    this.options = options;
  }

  ScenarioResult run(TtlMode mode) {
    ScenarioResult.Builder result =
        new ScenarioResult.Builder(
            Scenario.PUBLISH,
            BenchOptions.storeName(options.primaryStore()),
            mode.name(),
            null,
            "messages/s");
    String run = UUID.randomUUID().toString().substring(0, 8);
    try (EmbeddedEngine engine = EmbeddedEngine.start(options.primaryStore());
        CamundaClient client = engine.newClient()) {
      PublishedMessages.runRounds(
          engine,
          options,
          new PublishedMessages.Side(
              result,
              "publish/" + mode.name(),
              "messages",
              "publish-" + run,
              (prefix, messages) -> publish(client, options, mode, prefix, messages)));
      result.fact("heapAfterRunMb", BenchEnvironment.heapUsedMb());
    } catch (Exception e) {
      result.error(Progress.describe(e));
    }
    return result.build();
  }

  /**
   * Publishes one round's messages, at most {@code --publish-in-flight} unanswered, and waits until
   * the engine answered them all; returns when the first was sent (wall clock, ms).
   */
  static long publish(
      CamundaClient client, BenchOptions options, TtlMode mode, String prefix, int messages)
      throws InterruptedException {
    Semaphore permits = new Semaphore(options.publishInFlight());
    CountDownLatch answered = new CountDownLatch(messages);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long deadline = System.nanoTime() + options.roundTimeout().toNanos();
    long startMillis = System.currentTimeMillis();
    for (int i = 0; i < messages; i++) {
      if (!permits.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
        throw new IllegalStateException("publishes not answered within " + options.roundTimeout());
      }
      if (failure.get() != null) {
        break;
      }
      OrderMessages.paymentCaptured(client, prefix + i, mode)
          .whenComplete(
              (response, e) -> {
                if (e != null) {
                  failure.compareAndSet(null, e);
                }
                permits.release();
                answered.countDown();
              });
    }
    if (failure.get() == null
        && !answered.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
      throw new IllegalStateException("publishes not answered within " + options.roundTimeout());
    }
    if (failure.get() != null) {
      throw new IllegalStateException(
          "publish failed: " + failure.get().getMessage(), failure.get());
    }
    return startMillis;
  }
}
