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
import java.util.concurrent.atomic.AtomicLong;
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
 * the SDK's defaults), as the application has one per type. They complete with the variables the
 * happy path needs (see {@link #OUTPUTS}) and do nothing else. An order starts with OrderPlaced,
 * followed by its PaymentCaptured as soon as the engine accepted the OrderPlaced (the bridge keeps
 * that order per order id too). It is done when its OrderConfirmed job (the Kafka connector job of
 * PublishOrderConfirmedTask) reaches the worker: in the end-to-end scenario that is the moment the
 * application writes OrderConfirmed.
 */
final class EngineOnlyScenario {

  static final String MODELS = "classpath*:/bpmn/*.bpmn";
  static final String FORMS = "classpath*:/forms/*.form";
  private static final Pattern JOB_TYPE = Pattern.compile("zeebe:taskDefinition type=\"([^\"]+)\"");

  /**
   * What the application's workers return on the happy path where a model's gateway or timer reads
   * it: the reservation opens a payment window that does not close during the run, the order's
   * first look in the payment ledger finds nothing (the payment comes as a message), the payment is
   * claimed when it comes and matches, its payment process sees it applied, and the tracking
   * settings are application.yaml's defaults.
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
          PaymentProcess.JOB_SETTLE_PAYMENT,
          Map.of(PaymentProcess.VAR_SETTLEMENT, PaymentProcess.SETTLEMENT_APPLIED),
          TrackingProcess.JOB_LOAD_TRACKING_SETTINGS,
          Map.of(
              TrackingProcess.VAR_SLA_PAYMENT, "PT2H",
              TrackingProcess.VAR_SLA_DISPATCH, "PT24H",
              TrackingProcess.VAR_SLA_DELIVERY, "P5D",
              TrackingProcess.VAR_TRACKING_HORIZON, "P30D"));

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
   */
  record WorkerSettings(int executionThreads, int maxJobsActive, Duration timeout) {

    static WorkerSettings ofApplication() {
      YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
      yaml.setResources(new ClassPathResource("application.yaml"));
      Properties p = java.util.Objects.requireNonNull(yaml.getObject());
      return new WorkerSettings(
          Integer.parseInt(p.getProperty("camunda.client.execution-threads", "1")),
          Integer.parseInt(p.getProperty("camunda.client.worker.defaults.max-jobs-active", "32")),
          Duration.parse(p.getProperty("camunda.client.worker.defaults.timeout", "PT5M")));
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
      measure(client, store, mode, level, budget, result);
    } catch (WaitingOrders.NotReached e) {
      result.notReached(e);
    } catch (Exception e) {
      result.error(Progress.describe(e));
    }
    return result.build();
  }

  private void measure(
      CamundaClient client,
      EmbeddedEngine.Store store,
      TtlMode mode,
      int level,
      Duration budget,
      ScenarioResult.Builder result)
      throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String waitingPrefix = "wait-" + run;
    AtomicLong reserved = new AtomicLong();
    Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
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
                  case OrderProcess.JOB_RESERVE_INVENTORY ->
                      (jobClient, job) ->
                          complete(jobClient, job, loop)
                              .whenComplete(
                                  (r, e) -> {
                                    if (e == null && orderId(job).startsWith(waitingPrefix)) {
                                      reserved.incrementAndGet();
                                    }
                                  });
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
                      };
                  default -> (jobClient, job) -> complete(jobClient, job, loop);
                }));
      }

      long setupNanos =
          WaitingOrders.setUp(
              client, mode, level, options.inFlight(), waitingPrefix, reserved::get, budget);
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
                  OrderMessages.orderPlaced(client, orderId, mode)
                      .thenCompose(placed -> OrderMessages.paymentCaptured(client, orderId, mode))
                      .whenComplete(
                          (paid, e) -> {
                            if (e != null) {
                              loop.failed(e);
                            }
                          }));
      OutcomeCount.settle(options.settle(), () -> OutcomeCount.notExactlyOne(measured, outcomes));
      OutcomeCount.facts(result, measured, outcomes, "OrderConfirmed connector jobs per order");
      result.fact("heapAfterRunMb", BenchEnvironment.heapUsedMb());
    } finally {
      workers.forEach(JobWorker::close);
    }
  }

  /** Completes the job with what the happy path needs from it (see {@link #OUTPUTS}). */
  private static java.util.concurrent.CompletionStage<?> complete(
      JobClient jobClient, ActivatedJob job, ClosedLoop loop) {
    return jobClient
        .newCompleteCommand(job)
        .variables(outputs(job))
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
