package dev.orderflow.kafka;

import dev.orderflow.order.OrderEvents;
import io.camunda.client.annotation.customizer.JobWorkerValueCustomizer;
import io.camunda.client.annotation.value.JobWorkerValue;
import io.camunda.client.spring.properties.CamundaClientJobWorkerProperties;
import io.camunda.client.spring.properties.CamundaClientProperties;
import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * What publishing to Kafka may cost the job workers, checked at start-up:
 *
 * <ul>
 *   <li>a publishing job waits at most {@code orderflow.outbound.send-timeout} (the deadline covers
 *       the producer's {@code send} call, which blocks at most {@code max.block.ms}, so that must
 *       not be longer), and the send timeout is at most half of every worker's job timeout: the
 *       engine never hands a job to another worker while the first still waits for Kafka;
 *   <li>every publishing job type (a worker that depends on {@link OrderEvents} or on the sender
 *       itself, as the models' Kafka connector tasks' {@link KafkaConnectorWorker} does) runs at
 *       most {@code orderflow.outbound.max-jobs-active} jobs at once, and together they hold fewer
 *       than {@code camunda.client.execution-threads}: a slow broker cannot take the threads the
 *       other job types (reserve, check payment) and the job polling need.
 * </ul>
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE) // after the SDK's property-based customizer
public class PublishingWorkers implements JobWorkerValueCustomizer {

  private static final Set<Class<?>> OUTBOUND = Set.of(OrderEvents.class, KafkaOutbound.class);
  private static final long KAFKA_DEFAULT_MAX_BLOCK_MS = 60_000;

  private final int maxJobsActive;
  private final int executionThreads;
  private final Map<String, Boolean> publishingTypes = new ConcurrentHashMap<>();

  public PublishingWorkers(
      OutboundProperties outbound, CamundaClientProperties camunda, KafkaProperties kafka) {
    this.maxJobsActive = outbound.maxJobsActive();
    this.executionThreads =
        camunda.getExecutionThreads() == null ? 1 : camunda.getExecutionThreads();
    Duration sendTimeout = outbound.sendTimeout();
    Object maxBlock = kafka.buildProducerProperties(null).get(ProducerConfig.MAX_BLOCK_MS_CONFIG);
    long maxBlockMs =
        maxBlock == null ? KAFKA_DEFAULT_MAX_BLOCK_MS : Long.parseLong(maxBlock.toString());
    if (maxBlockMs > sendTimeout.toMillis()) {
      throw new IllegalStateException(
          "spring.kafka.producer.properties.max.block.ms ("
              + maxBlockMs
              + ") must not be longer than orderflow.outbound.send-timeout ("
              + sendTimeout
              + "): a send could block past the publishing job's deadline");
    }
    checkJobTimeout(
        sendTimeout, "camunda.client.worker.defaults", camunda.getWorker().getDefaults());
    camunda
        .getWorker()
        .getOverride()
        .forEach(
            (type, worker) ->
                checkJobTimeout(sendTimeout, "camunda.client.worker.override." + type, worker));
  }

  private static void checkJobTimeout(
      Duration sendTimeout, String where, CamundaClientJobWorkerProperties worker) {
    Duration jobTimeout = worker == null ? null : worker.getTimeout();
    if (jobTimeout != null && sendTimeout.multipliedBy(2).compareTo(jobTimeout) > 0) {
      throw new IllegalStateException(
          "orderflow.outbound.send-timeout ("
              + sendTimeout
              + ") must be at most half of "
              + where
              + ".timeout ("
              + jobTimeout
              + "): otherwise the engine hands a publishing job to another worker while the"
              + " first still waits for Kafka");
    }
  }

  @Override
  public void customize(JobWorkerValue worker) {
    if (worker.getMethodInfo() == null
        || !publishes(worker.getMethodInfo().getBeanInfo().getTargetClass())) {
      return;
    }
    budget(worker.getType());
    worker.setMaxJobsActive(maxJobsActive);
  }

  /** Counts the job type as a publishing one, refusing one too many for the worker threads. */
  void budget(String type) {
    publishingTypes.put(type, true);
    int held = publishingTypes.size() * maxJobsActive;
    if (held >= executionThreads) {
      throw new IllegalStateException(
          "the "
              + publishingTypes.size()
              + " publishing job types "
              + publishingTypes.keySet()
              + " may run "
              + maxJobsActive
              + " jobs each (orderflow.outbound.max-jobs-active), "
              + held
              + " in all: camunda.client.execution-threads ("
              + executionThreads
              + ") must be more, or a slow broker holds every worker thread");
    }
  }

  /** A worker class that writes to Kafka: it depends on an outbound sender. */
  static boolean publishes(Class<?> workerClass) {
    for (Constructor<?> constructor : workerClass.getDeclaredConstructors()) {
      if (Arrays.stream(constructor.getParameterTypes()).anyMatch(OUTBOUND::contains)) {
        return true;
      }
    }
    return false;
  }
}
