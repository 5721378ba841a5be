package dev.orderflow.kafka;

import static dev.orderflow.testing.OrderflowKafka.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.OrderflowApplication;
import dev.orderflow.inventory.InventoryService;
import dev.orderflow.order.OrderProcess;
import dev.orderflow.testing.EmbeddedEngine;
import dev.orderflow.testing.EmbeddedEngineInitializer;
import dev.orderflow.testing.OrderJson;
import dev.orderflow.testing.OrderflowKafka;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.JobBatchIntent;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.intent.MessageStartEventSubscriptionIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.aopalliance.intercept.MethodInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Two application instances, as replicas run in production: one consumer group, one engine, one
 * database. A stream of orders and payments flows through both, and one instance is stopped
 * half-way, with records and jobs in flight. What a user cares about: every order still ends with
 * exactly one outcome event ({@code OrderConfirmed}), one process instance and one reservation, and
 * the surviving instance takes over the stopped one's partitions and jobs.
 *
 * <p>Not a {@code @SpringBootTest}: the test owns the broker, the engine and both application
 * contexts, and stops one of them on purpose.
 */
class TwoInstancesTest {

  private static final Logger log = LoggerFactory.getLogger(TwoInstancesTest.class);

  static final String ORDERS_PLACED = "orders.placed";
  static final String PAYMENTS_CAPTURED = "payments.captured";
  static final String ORDERS_EVENTS = "orders.events";
  static final String LISTENER_ID = "inbound-bridge";

  static final int ORDERS = 30;
  static final int PARTITIONS = 4;
  static final int STOCK = 1_000;

  /** Outcomes to see before instance A is stopped, while A holds a job in its handler. */
  static final int CONFIRMED_BEFORE_STOP = 3;

  static final String WORKER_PREFIX = "orderflow-";

  static final Duration WAIT = Duration.ofSeconds(120);

  final StopPoint stopPoint = new StopPoint();

  EmbeddedKafkaKraftBroker broker;
  EmbeddedEngine engine;
  ConfigurableApplicationContext instanceA;
  ConfigurableApplicationContext instanceB;
  OrderflowKafka kafka;

  String sku;
  String groupId;
  String databaseUrl;

  @BeforeEach
  void startBrokerEngineAndTwoInstances() {
    broker = new EmbeddedKafkaKraftBroker(1, 2);
    broker.afterPropertiesSet();
    engine = EmbeddedEngine.start();
    String run = UUID.randomUUID().toString();
    groupId = "two-instances-" + run;
    databaseUrl = "jdbc:h2:mem:two-instances-" + run + ";DB_CLOSE_DELAY=-1";

    // One after the other: Flyway migrates the shared database in A and finds it migrated in B.
    instanceA = startInstance("a", stopPoint);
    instanceB = startInstance("b", null);
    kafka = new OrderflowKafka(broker.getBrokersAsString());

    sku = "SKU-" + run;
    instanceA.getBean(InventoryService.class).restock(sku, STOCK);
  }

  @AfterEach
  void stopEverything() {
    List<Throwable> failures = new ArrayList<>();
    closeQuietly(kafka, failures);
    closeQuietly(instanceB, failures);
    closeQuietly(instanceA, failures);
    closeQuietly(engine, failures);
    if (broker != null) {
      closeQuietly(broker::destroy, failures);
    }
    if (!failures.isEmpty()) {
      IllegalStateException e = new IllegalStateException("could not stop everything");
      failures.forEach(e::addSuppressed);
      throw e;
    }
  }

  @Test
  void oneInstanceStopsHalfWay_everyOrderStillEndsWithExactlyOneOutcome() {
    awaitPartitionsSplitBetweenInstances();
    MeterRegistry metricsA = instanceA.getBean(MeterRegistry.class);
    MeterRegistry metricsB = instanceB.getBean(MeterRegistry.class);

    Map<String, Integer> quantities = new LinkedHashMap<>();
    for (int i = 0; i < ORDERS; i++) {
      quantities.put("order-" + i + "-" + UUID.randomUUID(), 1 + i % 3);
    }
    List<String> orderIds = List.copyOf(quantities.keySet());
    List<String> firstHalf = orderIds.subList(0, ORDERS / 2);
    List<String> secondHalf = orderIds.subList(ORDERS / 2, ORDERS);

    produce(firstHalf, quantities);
    // Both instances poll every job type, so A takes outcome jobs of the first half too (that all
    // fifteen go to B is a one in 2^15 chance): A is stopped while it holds one, always.
    await("a few orders confirmed while instance A holds one")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> outcomesByOrder(firstHalf).size(),
            ended -> stopPoint.isHolding() && ended >= CONFIRMED_BEFORE_STOP);

    int endedBeforeStop = outcomesByOrder(orderIds).size();
    long stopping = System.nanoTime();
    instanceA.close();
    Duration stopTook = Duration.ofNanos(System.nanoTime() - stopping);
    log.info(
        "Stopped instance A in {} ms; {} of {} first-half orders had ended; outcome of {}: {}",
        stopTook.toMillis(),
        endedBeforeStop,
        firstHalf.size(),
        stopPoint.heldOrder,
        stopPoint.release);

    await("instance B is assigned every partition")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> assignedPartitions(instanceB), all -> all.size() == allPartitions());

    produce(secondHalf, quantities);

    await("an outcome for every order")
        .atMost(WAIT)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> outcomesByOrder(orderIds).size(), n -> n == ORDERS);
    try {
      await("no second outcome for any order")
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .failFast("an order got a second outcome event", () -> hasSecondOutcome(orderIds))
          .until(() -> hasSecondOutcome(orderIds), second -> !second);
    } catch (TerminalFailureException | ConditionTimeoutException e) {
      log.error("A second outcome event: {}", e.getMessage());
      // fall through: the assertions below name the orders and the records
    }

    Map<String, List<ConsumerRecord<String, String>>> outcomes = outcomesByOrder(orderIds);
    Map<String, List<String>> duplicates = describeDuplicates(outcomes);
    Map<String, List<Long>> instances = new LinkedHashMap<>();
    orderIds.forEach(id -> instances.put(id, engine.instancesStartedFor(id)));
    InventoryService inventory = instanceB.getBean(InventoryService.class);
    int ordered = quantities.values().stream().mapToInt(Integer::intValue).sum();
    logSummary(orderIds, outcomes, duplicates, metricsA, metricsB);

    assertThat(duplicates).as("orders with more than one outcome event").isEmpty();
    assertThat(outcomes).as("orders with an outcome event").hasSize(ORDERS);
    outcomes.forEach(
        (orderId, events) -> {
          assertThat(events).as("outcome events of %s", orderId).hasSize(1);
          assertThat(header(events.getFirst(), KafkaOrderEvents.TYPE_HEADER))
              .as("outcome of %s", orderId)
              .isEqualTo("OrderConfirmed");
          assertThat(header(events.getFirst(), KafkaOrderEvents.EVENT_ID_HEADER))
              .isEqualTo(orderId + ":confirmed");
        });
    assertThat(instances)
        .as("process instances started per order")
        .allSatisfy((orderId, keys) -> assertThat(keys).as(orderId).hasSize(1));
    assertThat(duplicateOrderEnds()).as("instances that ended as duplicate orders").isZero();
    assertThat(stopPoint.heldOrder)
        .as("the order whose outcome A held when it stopped")
        .isNotNull();
    assertThat(outcomeJobCompletedBy(stopPoint.heldOrder))
        .as("who published the outcome of %s, held by A when it stopped", stopPoint.heldOrder)
        .containsExactly(WORKER_PREFIX + "b");
    assertThat(orderIds)
        .allSatisfy(id -> assertThat(inventory.status(id)).as(id).contains("RESERVED"));
    assertThat(inventory.available(sku))
        .as("stock after %d units were ordered", ordered)
        .isEqualTo(STOCK - ordered);
  }

  private ConfigurableApplicationContext startInstance(String name, StopPoint stopPoint) {
    Map<String, Object> properties =
        new LinkedHashMap<>(EmbeddedEngineInitializer.clientProperties(engine));
    properties.put("spring.kafka.bootstrap-servers", broker.getBrokersAsString());
    properties.put("spring.kafka.client-id", WORKER_PREFIX + name);
    properties.put("spring.datasource.url", databaseUrl);
    properties.put("server.port", "0");
    properties.put("orderflow.inbound.group-id", groupId);
    properties.put("orderflow.kafka.partitions", String.valueOf(PARTITIONS));
    // Jobs the stopped instance had activated come back to the other one after this.
    properties.put("camunda.client.worker.defaults.timeout", "PT5S");
    // A publishing job must end well within that (start-up refuses a send timeout above half the
    // job timeout, and a producer that may block longer than the send timeout).
    properties.put("orderflow.outbound.send-timeout", "2s");
    properties.put("spring.kafka.producer.properties.max.block.ms", "2000");
    // Engine records then say which instance's workers activated a job.
    properties.put("camunda.client.worker.defaults.name", WORKER_PREFIX + name);
    // As command-line arguments: they override application(-test).yaml; default properties
    // (SpringApplicationBuilder.properties) would not.
    String[] args =
        properties.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    SpringApplicationBuilder builder =
        new SpringApplicationBuilder(OrderflowApplication.class).profiles("test");
    if (stopPoint != null) {
      builder.initializers(stopPoint::installIn);
    }
    return builder.run(args);
  }

  private void awaitPartitionsSplitBetweenInstances() {
    await("both instances are assigned partitions")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> List.of(assignedPartitions(instanceA), assignedPartitions(instanceB)),
            both ->
                !both.get(0).isEmpty()
                    && !both.get(1).isEmpty()
                    && both.get(0).size() + both.get(1).size() == allPartitions());
  }

  /** The partitions of every topic the bridge reads (one per route). */
  private int allPartitions() {
    return instanceB.getBean(ModelRoutes.class).topics().size() * PARTITIONS;
  }

  private static Collection<TopicPartition> assignedPartitions(
      ConfigurableApplicationContext instance) {
    MessageListenerContainer container =
        instance.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer(LISTENER_ID);
    Collection<TopicPartition> assigned =
        container == null ? null : container.getAssignedPartitions();
    return assigned == null ? List.of() : List.copyOf(assigned);
  }

  private void produce(List<String> orderIds, Map<String, Integer> quantities) {
    for (String orderId : orderIds) {
      kafka.send(
          ORDERS_PLACED, orderId, OrderJson.orderPlaced(orderId, sku, quantities.get(orderId)));
      kafka.send(PAYMENTS_CAPTURED, orderId, OrderJson.paymentCaptured(orderId));
    }
  }

  /** The outcome events on {@code orders.events} of these orders, by order, in offset order. */
  private Map<String, List<ConsumerRecord<String, String>>> outcomesByOrder(List<String> orderIds) {
    Set<String> ours = Set.copyOf(orderIds);
    return kafka.readAll(ORDERS_EVENTS).stream()
        .filter(r -> ours.contains(r.key()))
        .collect(Collectors.groupingBy(ConsumerRecord::key, TreeMap::new, Collectors.toList()));
  }

  private boolean hasSecondOutcome(List<String> orderIds) {
    return outcomesByOrder(orderIds).values().stream().anyMatch(events -> events.size() > 1);
  }

  /** Each order with more than one outcome: its records, and what the engine did with its jobs. */
  private Map<String, List<String>> describeDuplicates(
      Map<String, List<ConsumerRecord<String, String>>> outcomes) {
    Map<String, List<String>> described = new TreeMap<>();
    outcomes.forEach(
        (orderId, events) -> {
          if (events.size() > 1) {
            List<String> lines = new ArrayList<>();
            events.forEach(
                r ->
                    lines.add(
                        "%s-%d@%d %s at %d"
                            .formatted(
                                r.topic(),
                                r.partition(),
                                r.offset(),
                                header(r, KafkaOrderEvents.EVENT_ID_HEADER),
                                r.timestamp())));
            lines.addAll(jobHistory(orderId));
            described.put(orderId, lines);
          }
        });
    return described;
  }

  /** Every job record of the order's instances: type, intent, worker, retries. */
  private List<String> jobHistory(String orderId) {
    Set<Long> instances = Set.copyOf(engine.instancesStartedFor(orderId));
    return StreamSupport.stream(engine.records().jobRecords().spliterator(), false)
        .filter(r -> instances.contains(r.getValue().getProcessInstanceKey()))
        .map(
            r ->
                "job %d %s %s worker=%s retries=%d%s"
                    .formatted(
                        r.getKey(),
                        r.getValue().getType(),
                        r.getIntent(),
                        r.getValue().getWorker(),
                        r.getValue().getRetries(),
                        r.getValue().getErrorMessage().isEmpty()
                            ? ""
                            : " error=" + r.getValue().getErrorMessage()))
        .toList();
  }

  /** The workers whose outcome-publishing job of this order the engine saw completed. */
  private List<String> outcomeJobCompletedBy(String orderId) {
    Set<Long> instances = Set.copyOf(engine.instancesStartedFor(orderId));
    return StreamSupport.stream(engine.records().jobRecords().spliterator(), false)
        .filter(r -> r.getIntent() == JobIntent.COMPLETED)
        .filter(r -> KafkaConnectorWorker.TYPE.equals(r.getValue().getType()))
        .filter(r -> OrderProcess.TASK_PUBLISH_ORDER_CONFIRMED.equals(r.getValue().getElementId()))
        .filter(r -> instances.contains(r.getValue().getProcessInstanceKey()))
        .map(r -> r.getValue().getWorker())
        .toList();
  }

  /** Jobs completed by the workers of one instance (each instance names its workers). */
  private long jobsCompletedBy(String worker) {
    return StreamSupport.stream(engine.records().jobRecords().spliterator(), false)
        .filter(r -> r.getIntent() == JobIntent.COMPLETED)
        .filter(r -> worker.equals(r.getValue().getWorker()))
        .count();
  }

  /** The process instances that these orders started, with their order id. */
  private Map<Long, String> instancesOf(List<String> orderIds) {
    Set<String> ours = Set.copyOf(orderIds);
    Map<Long, String> orderByInstance = new HashMap<>();
    StreamSupport.stream(
            engine.records().messageStartEventSubscriptionRecords().spliterator(), false)
        .filter(r -> r.getIntent() == MessageStartEventSubscriptionIntent.CORRELATED)
        .filter(r -> ours.contains(r.getValue().getCorrelationKey()))
        .forEach(
            r ->
                orderByInstance.put(
                    r.getValue().getProcessInstanceKey(), r.getValue().getCorrelationKey()));
    return orderByInstance;
  }

  private long duplicateOrderEnds() {
    return StreamSupport.stream(engine.records().processInstanceRecords().spliterator(), false)
        .filter(r -> r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED)
        .filter(r -> OrderProcess.END_DUPLICATE_ORDER.equals(r.getValue().getElementId()))
        .count();
  }

  private void logSummary(
      List<String> orderIds,
      Map<String, List<ConsumerRecord<String, String>>> outcomes,
      Map<String, List<String>> duplicates,
      MeterRegistry metricsA,
      MeterRegistry metricsB) {
    Map<Long, String> orderByInstance = instancesOf(orderIds);
    Map<String, Set<String>> ordersByWorker = new TreeMap<>();
    StreamSupport.stream(engine.records().jobBatchRecords().spliterator(), false)
        .filter(r -> r.getIntent() == JobBatchIntent.ACTIVATED)
        .forEach(
            batch ->
                batch
                    .getValue()
                    .getJobs()
                    .forEach(
                        job -> {
                          String orderId = orderByInstance.get(job.getProcessInstanceKey());
                          if (orderId != null) {
                            ordersByWorker
                                .computeIfAbsent(batch.getValue().getWorker(), w -> new TreeSet<>())
                                .add(orderId);
                          }
                        }));
    Map<String, Integer> touched = new TreeMap<>();
    ordersByWorker.forEach((worker, orders) -> touched.put(worker, orders.size()));
    long timedOutJobs =
        StreamSupport.stream(engine.records().jobRecords().spliterator(), false)
            .filter(r -> r.getIntent() == JobIntent.TIMED_OUT)
            .filter(r -> orderByInstance.containsKey(r.getValue().getProcessInstanceKey()))
            .count();
    long failedJobs =
        StreamSupport.stream(engine.records().jobRecords().spliterator(), false)
            .filter(r -> r.getIntent() == JobIntent.FAILED)
            .map(Record::getValue)
            .map(JobRecordValue::getProcessInstanceKey)
            .filter(orderByInstance::containsKey)
            .count();
    long incidents =
        StreamSupport.stream(engine.records().incidentRecords().spliterator(), false).count();
    int events = outcomes.values().stream().mapToInt(List::size).sum();
    log.info(
        "Two instances: {} orders, {} outcome events, {} orders with a second outcome,"
            + " {} process instances, {} ended as duplicate; orders whose jobs each instance"
            + " activated {}, jobs completed by A {} and B {}; {} jobs timed out, {} failed,"
            + " {} incident records; inbound messages published/duplicate A {}/{}, B {}/{}",
        orderIds.size(),
        events,
        duplicates.size(),
        orderByInstance.size(),
        duplicateOrderEnds(),
        touched,
        jobsCompletedBy(WORKER_PREFIX + "a"),
        jobsCompletedBy(WORKER_PREFIX + "b"),
        timedOutJobs,
        failedJobs,
        incidents,
        inboundRecords(metricsA, "published"),
        inboundRecords(metricsA, "duplicate"),
        inboundRecords(metricsB, "published"),
        inboundRecords(metricsB, "duplicate"));
    duplicates.forEach(
        (orderId, lines) ->
            log.error("Second outcome for {}:\n  {}", orderId, String.join("\n  ", lines)));
  }

  private static long inboundRecords(MeterRegistry metrics, String outcome) {
    return (long)
        metrics.find("orderflow.inbound.records").tag("outcome", outcome).counters().stream()
            .mapToDouble(Counter::count)
            .sum();
  }

  private static void closeQuietly(AutoCloseable closeable, List<Throwable> failures) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Throwable e) {
      failures.add(e);
    }
  }

  /**
   * Instance A's outcome sender, wrapped: the first outcome A is to publish is held, before
   * anything is sent, until A stops (the Camunda client interrupts its job threads when it closes).
   * Only that job's thread is held: A's other job threads (camunda.client.execution-threads, as in
   * application.yaml) keep completing jobs until A stops. The held job, and any other A had
   * activated and not completed, come back to B after their job timeout. Nothing else in A is
   * touched.
   */
  static final class StopPoint {

    private final AtomicBoolean taken = new AtomicBoolean();
    private final CountDownLatch untilInterrupted = new CountDownLatch(1);
    volatile String heldOrder;
    volatile String release = "A got no outcome job";

    boolean isHolding() {
      return heldOrder != null;
    }

    void installIn(ConfigurableApplicationContext context) {
      context
          .getBeanFactory()
          .addBeanPostProcessor(
              new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                  return bean instanceof KafkaOutbound outbound ? holding(outbound) : bean;
                }
              });
    }

    /** The sender, holding the first outcome event (the model's connector task) in its handler. */
    private Object holding(KafkaOutbound outbound) {
      ProxyFactory proxy = new ProxyFactory(outbound);
      proxy.setProxyTargetClass(true);
      proxy.addAdvice(
          (MethodInterceptor)
              call -> {
                if (call.getArguments().length == 2
                    && call.getArguments()[0] instanceof ProducerRecord<?, ?> record
                    && ORDERS_EVENTS.equals(record.topic())
                    && taken.compareAndSet(false, true)) {
                  release = "held in its handler";
                  heldOrder = String.valueOf(record.key());
                  try {
                    untilInterrupted.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                    release = "never interrupted, given up after " + WAIT;
                  } catch (InterruptedException e) {
                    release = "its handler was interrupted as A stopped";
                    Thread.currentThread().interrupt();
                  }
                  throw new IllegalStateException(
                      "instance A stopped before publishing the outcome of "
                          + heldOrder
                          + " ("
                          + release
                          + ")");
                }
                return call.proceed();
              });
      return proxy.getProxy();
    }
  }
}
