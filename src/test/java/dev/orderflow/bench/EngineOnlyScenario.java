package dev.orderflow.bench;

import dev.orderflow.bench.BenchOptions.Scenario;
import dev.orderflow.kafka.KafkaConnectorWorker;
import dev.orderflow.order.OrderProcess;
import dev.orderflow.payment.PaymentProcess;
import dev.orderflow.testing.EmbeddedEngine;
import dev.orderflow.tracking.TrackingProcess;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.DeployResourceCommandStep1;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.camunda.client.api.worker.JobWorker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * (2) The engine limit for whole orders: the application's models driven straight through the
 * Camunda client, no Kafka and no application code. It deploys what the application deploys ({@code
 * bpmn/*.bpmn}, {@code forms/*.form}) and opens a job worker for every job type in the models, with
 * the application's worker settings, read from its application.yaml ({@link WorkerSettings}: jobs
 * active, timeout, and as many job-worker execution threads; 100 ms poll interval, no streaming, as
 * the SDK's defaults), as the application has one per type.
 *
 * <p>Its stubs issue the engine commands the application issues per order on the happy path, and
 * nothing else: the same jobs completed and the same messages published, counted in both engines'
 * record streams ({@link EngineWork}, in the report at 0 waiting). They complete with the variables
 * the happy path needs (see {@link #OUTPUTS}), and where the application's workers do more engine
 * work, they do it too:
 *
 * <ul>
 *   <li>settle-payment decides as the payment ledger does ({@link #settlement}): {@code wait} while
 *       the order has not claimed the payment, {@code applied} once it has. A waiting payment's
 *       process then waits at {@code WaitForOrderGateway} for OrderDecided, and settles again when
 *       it comes;
 *   <li>claiming the captured payment publishes OrderDecided for the payment, as {@code
 *       ClaimPaymentWorker} does through {@code PaymentWakeUps} once the payment's process has
 *       registered it, before the job completes;
 *   <li>the OrderConfirmed connector job (PublishOrderConfirmedTask's) also publishes OrderOutcome,
 *       as the bridge does when it reads the application's OrderConfirmed back from {@code
 *       orders.events} for passive tracking.
 * </ul>
 *
 * <p>Whether a payment settles once or twice depends on timing in both scenarios: it waits if it
 * settles before its order claimed it (measured end to end on rocksdb at 0 waiting: 0.85 to 0.97 of
 * the orders), else it is applied at once and the OrderDecided stays buffered unused. The stubs
 * follow the same rule, so each side takes the path its timing gives it. An order starts with its
 * PaymentCaptured (and the PaymentReceived that starts the payment's process), then its OrderPlaced
 * as soon as the engine accepted the payment: the order in which the bridge's messages reach the
 * engine for about 0.96 of the orders (tracking's wait for OrderPlaced catches it), since it
 * publishes an order's records across topics in the order a poll returns them. It is done when its
 * OrderConfirmed connector job reaches the worker: in the end-to-end scenario that is the moment
 * the application writes OrderConfirmed.
 */
final class EngineOnlyScenario {

  static final String MODELS = "classpath*:/bpmn/*.bpmn";
  static final String FORMS = "classpath*:/forms/*.form";
  private static final Pattern JOB_TYPE = Pattern.compile("zeebe:taskDefinition type=\"([^\"]+)\"");

  /** orderflow.payment.settle-backstop's default, which the settle worker returns. */
  static final String SETTLE_BACKSTOP = "PT1H";

  /**
   * What the application's workers return on the happy path where a model's gateway or timer reads
   * it: the reservation opens a payment window that does not close during the run, the order's
   * first look in the payment ledger finds nothing (the payment comes as a message), the payment is
   * claimed when it comes and matches, the payment's process registers it with an orphan grace that
   * does not end during the run, and the tracking settings are application.yaml's defaults. What
   * settle-payment returns depends on the order (see {@link #settlement}).
   */
  static final Map<String, Map<String, Object>> OUTPUTS =
      Map.of(
          OrderProcess.JOB_RESERVE_INVENTORY,
          Map.of(
              OrderProcess.VAR_PAYMENT_DEADLINE, "2999-01-01T00:00:00Z",
              OrderProcess.VAR_WINDOW_CLOSES_AT, "2999-01-01T00:01:00Z",
              OrderProcess.VAR_PAYMENT_RECHECK, "PT1M",
              OrderProcess.VAR_PAYMENT_CLAIMED, false),
          OrderProcess.JOB_CHECK_PAYMENT,
          Map.of(OrderProcess.VAR_PAYMENT_MATCHES, true),
          PaymentProcess.JOB_REGISTER_PAYMENT,
          Map.of(
              PaymentProcess.VAR_ORPHAN_GRACE_ENDS_AT,
              "2999-01-01T00:00:00Z",
              PaymentProcess.VAR_SETTLE_AGAIN_AFTER,
              SETTLE_BACKSTOP),
          TrackingProcess.JOB_LOAD_TRACKING_SETTINGS,
          Map.of(
              TrackingProcess.VAR_SLA_PAYMENT, "PT2H",
              TrackingProcess.VAR_SLA_DISPATCH, "PT24H",
              TrackingProcess.VAR_SLA_DELIVERY, "P5D",
              TrackingProcess.VAR_TRACKING_HORIZON, "P30D"));

  /**
   * What settle-payment returns, decided as the payment ledger decides on the happy path: the
   * payment waits ({@code wait}) while its order has not claimed it, and is {@code applied} once it
   * has; with the application's settle-again interval.
   */
  static Map<String, Object> settlement(boolean orderClaimedIt) {
    return Map.of(
        PaymentProcess.VAR_SETTLEMENT,
        orderClaimedIt ? PaymentProcess.SETTLEMENT_APPLIED : PaymentProcess.SETTLEMENT_WAIT,
        PaymentProcess.VAR_SETTLE_AGAIN_AFTER,
        SETTLE_BACKSTOP);
  }

  /** The job's outputs: by element where one job type serves several (claiming a payment). */
  static Map<String, Object> outputs(ActivatedJob job) {
    return switch (job.getElementId()) {
      case OrderProcess.TASK_CLAIM_PAYMENT -> Map.of(OrderProcess.VAR_PAYMENT_CLAIMED, false);
      case OrderProcess.TASK_CLAIM_CAPTURED_PAYMENT ->
          Map.of(OrderProcess.VAR_PAYMENT_CLAIMED, true);
      default -> OUTPUTS.getOrDefault(job.getType(), Map.of());
    };
  }

  private final BenchOptions options;

  EngineOnlyScenario(BenchOptions options) {
    this.options = options;
  }

  /** Deploys what the application deploys at start-up: every model and form. */
  static void deploy(CamundaClient client) throws IOException {
    DeployResourceCommandStep1.DeployResourceCommandStep2 deployment = null;
    for (Resource resource : resources()) {
      byte[] content = resource.getContentAsByteArray();
      deployment =
          deployment == null
              ? client.newDeployResourceCommand().addResourceBytes(content, resource.getFilename())
              : deployment.addResourceBytes(content, resource.getFilename());
    }
    if (deployment == null) {
      throw new IllegalStateException("no models found at " + MODELS);
    }
    deployment.send().join();
  }

  /** Every job type the models name. */
  static Set<String> jobTypes() throws IOException {
    Set<String> types = new TreeSet<>();
    for (Resource model : new PathMatchingResourcePatternResolver().getResources(MODELS)) {
      Matcher m = JOB_TYPE.matcher(model.getContentAsString(StandardCharsets.UTF_8));
      while (m.find()) {
        types.add(m.group(1));
      }
    }
    return types;
  }

  private static List<Resource> resources() throws IOException {
    PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
    List<Resource> resources = new ArrayList<>(List.of(resolver.getResources(MODELS)));
    resources.addAll(List.of(resolver.getResources(FORMS)));
    return resources;
  }

  /**
   * The application's job-worker settings, from its application.yaml, so that both sides of the
   * end-to-end ratio run their workers alike.
   *
   * @param executionThreads {@code camunda.client.execution-threads}: the threads that run the
   *     handlers (the SDK's default is one)
   * @param maxJobsActive {@code camunda.client.worker.defaults.max-jobs-active}
   * @param timeout {@code camunda.client.worker.defaults.timeout}
   * @param publishingMaxJobsActive {@code orderflow.outbound.max-jobs-active}: the application's
   *     cap on its publishing job types, which guards its threads against a slow broker; the
   *     yardstick's connector jobs wait for nothing, and it does not apply it (reported)
   */
  record WorkerSettings(
      int executionThreads, int maxJobsActive, Duration timeout, int publishingMaxJobsActive) {

    static WorkerSettings ofApplication() {
      YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
      yaml.setResources(new ClassPathResource("application.yaml"));
      Properties p = java.util.Objects.requireNonNull(yaml.getObject());
      return new WorkerSettings(
          Integer.parseInt(p.getProperty("camunda.client.execution-threads", "1")),
          Integer.parseInt(p.getProperty("camunda.client.worker.defaults.max-jobs-active", "32")),
          Duration.parse(p.getProperty("camunda.client.worker.defaults.timeout", "PT5M")),
          Integer.parseInt(p.getProperty("orderflow.outbound.max-jobs-active", "8")));
    }
  }

  static final WorkerSettings APPLICATION_WORKERS = WorkerSettings.ofApplication();

  /** A client of this engine whose job workers run on as many threads as the application's. */
  static CamundaClient client(EmbeddedEngine engine) {
    return CamundaClient.newClientBuilder()
        .grpcAddress(engine.grpcAddress())
        .restAddress(java.net.URI.create("http://localhost:1"))
        .preferRestOverGrpc(false)
        // a loaded machine can take more than the test client's 10 s to deploy
        .defaultRequestTimeout(OrderMessages.REQUEST_TIMEOUT)
        .numJobWorkerExecutionThreads(APPLICATION_WORKERS.executionThreads())
        .build();
  }

  /** The application's worker settings (application.yaml and the SDK's defaults). */
  static JobWorker worker(
      CamundaClient client, String type, io.camunda.client.api.worker.JobHandler handler) {
    return client
        .newWorker()
        .jobType(type)
        .handler(handler)
        .maxJobsActive(APPLICATION_WORKERS.maxJobsActive())
        .timeout(APPLICATION_WORKERS.timeout())
        .pollInterval(Duration.ofMillis(100))
        .streamEnabled(false)
        .fetchVariables(OrderProcess.VAR_ORDER_ID)
        .open();
  }

  ScenarioResult run(EmbeddedEngine.Store store, TtlMode mode, int level, Duration budget) {
    ScenarioResult.Builder result =
        new ScenarioResult.Builder(
            Scenario.ENGINE, BenchOptions.storeName(store), mode.name(), level, "orders/s");
    result.fact("jobWorkerExecutionThreads", APPLICATION_WORKERS.executionThreads());
    try (EmbeddedEngine engine = EmbeddedEngine.start(store);
        CamundaClient client = client(engine)) {
      measure(engine, client, store, mode, level, budget, result);
    } catch (WaitingOrders.NotReached e) {
      result.notReached(e);
    } catch (Exception e) {
      result.error(Progress.describe(e));
    }
    return result.build();
  }

  private void measure(
      EmbeddedEngine engine,
      CamundaClient client,
      EmbeddedEngine.Store store,
      TtlMode mode,
      int level,
      Duration budget,
      ScenarioResult.Builder result)
      throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String waitingPrefix = "wait-" + run;
    Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    // the payment ledger's part on the happy path, by order id: payments whose process registered
    // them, and orders that claimed their payment
    Set<String> registered = ConcurrentHashMap.newKeySet();
    Set<String> claimed = ConcurrentHashMap.newKeySet();
    ClosedLoop loop = new ClosedLoop(options.inFlight());
    List<JobWorker> workers = new ArrayList<>();
    try {
      deploy(client);
      for (String type : jobTypes()) {
        workers.add(
            worker(
                client,
                type,
                switch (type) {
                  // the models' Kafka connector tasks; the order's outcome is OrderConfirmed's
                  case KafkaConnectorWorker.TYPE ->
                      (jobClient, job) -> {
                        if (!OrderProcess.TASK_PUBLISH_ORDER_CONFIRMED.equals(job.getElementId())) {
                          complete(jobClient, job, loop);
                          return;
                        }
                        String orderId = orderId(job);
                        outcomes
                            .computeIfAbsent(orderId, k -> new AtomicInteger())
                            .incrementAndGet();
                        loop.done(orderId);
                        complete(jobClient, job, loop);
                        // the bridge reads OrderConfirmed back from orders.events for tracking
                        failOnError(OrderMessages.orderConfirmedOutcome(client, orderId), loop);
                      };
                  case PaymentProcess.JOB_REGISTER_PAYMENT ->
                      (jobClient, job) -> {
                        // the ledger records the payment's process before the job completes
                        registered.add(orderId(job));
                        complete(jobClient, job, loop);
                      };
                  case OrderProcess.JOB_CLAIM_PAYMENT ->
                      (jobClient, job) -> {
                        if (!OrderProcess.TASK_CLAIM_CAPTURED_PAYMENT.equals(job.getElementId())) {
                          complete(jobClient, job, loop);
                          return;
                        }
                        // ClaimPaymentWorker: the ledger applies the payment, then PaymentWakeUps
                        // wakes it if its process has registered it, then the job completes
                        String orderId = orderId(job);
                        claimed.add(orderId);
                        if (registered.contains(orderId)) {
                          OrderMessages.orderDecided(client, orderId)
                              .whenComplete(
                                  (r, e) -> {
                                    if (e != null) {
                                      loop.failed(e);
                                    } else {
                                      complete(jobClient, job, loop);
                                    }
                                  });
                        } else {
                          complete(jobClient, job, loop);
                        }
                      };
                  case PaymentProcess.JOB_SETTLE_PAYMENT ->
                      (jobClient, job) ->
                          complete(
                              jobClient, job, settlement(claimed.contains(orderId(job))), loop);
                  default -> (jobClient, job) -> complete(jobClient, job, loop);
                }));
      }

      long setupNanos =
          WaitingOrders.setUp(
              client,
              mode,
              level,
              options.inFlight(),
              waitingPrefix,
              engine.jobsCompleted(OrderProcess.JOB_RESERVE_INVENTORY),
              budget);
      String label = result.key();
      Rounds.setUpDone(result, label, level, setupNanos);
      List<String> measured =
          Rounds.runOrders(
              loop,
              options,
              options.ordersOn(store),
              result,
              label,
              "eng-" + run,
              orderId ->
                  OrderMessages.paymentCaptured(client, orderId, mode)
                      .thenCompose(paid -> OrderMessages.orderPlaced(client, orderId, mode))
                      .whenComplete(
                          (paid, e) -> {
                            if (e != null) {
                              loop.failed(e);
                            }
                          }));
      OutcomeCount.settle(options.settle(), () -> OutcomeCount.notExactlyOne(measured, outcomes));
      OutcomeCount.facts(result, measured, outcomes, "OrderConfirmed connector jobs per order");
      result.fact("heapAfterRunMb", BenchEnvironment.heapUsedMb());
      if (level == 0) {
        result.fact(
            EngineWork.FACT,
            EngineWork.perOrder(
                engine, measured.size() + Rounds.warmupOrders(options, options.ordersOn(store))));
      }
    } finally {
      workers.forEach(JobWorker::close);
    }
  }

  /** Completes the job with what the happy path needs from it (see {@link #OUTPUTS}). */
  private static java.util.concurrent.CompletionStage<?> complete(
      JobClient jobClient, ActivatedJob job, ClosedLoop loop) {
    return complete(jobClient, job, outputs(job), loop);
  }

  private static void failOnError(java.util.concurrent.CompletionStage<?> sent, ClosedLoop loop) {
    sent.whenComplete(
        (r, e) -> {
          if (e != null) {
            loop.failed(e);
          }
        });
  }

  private static java.util.concurrent.CompletionStage<?> complete(
      JobClient jobClient, ActivatedJob job, Map<String, Object> variables, ClosedLoop loop) {
    return jobClient
        .newCompleteCommand(job)
        .variables(variables)
        .requestTimeout(OrderMessages.REQUEST_TIMEOUT)
        .send()
        .whenComplete(
            (r, e) -> {
              if (e != null) {
                loop.failed(e);
              }
            });
  }

  private static String orderId(ActivatedJob job) {
    Object id = job.getVariablesAsMap().get(OrderProcess.VAR_ORDER_ID);
    return id == null ? "" : id.toString();
  }
}
