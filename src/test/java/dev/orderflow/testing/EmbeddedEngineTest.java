package dev.orderflow.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivateJobsResponse;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.zeebe.gateway.protocol.GatewayGrpc;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The embedded engine: its stores, its gateway's long polling, several engines in one JVM, and what
 * it leaves behind.
 */
class EmbeddedEngineTest {

  private static final BpmnModelInstance ONE_JOB =
      Bpmn.createExecutableProcess("one-job")
          .startEvent()
          .serviceTask("work", t -> t.zeebeJobType("work"))
          .endEvent()
          .done();

  @ParameterizedTest
  @EnumSource(EmbeddedEngine.Store.class)
  void eitherStore_runsAProcessWithAJobAndATimer(EmbeddedEngine.Store store) {
    BpmnModelInstance waiting =
        Bpmn.createExecutableProcess("waiting")
            .startEvent()
            .intermediateCatchEvent("wait", e -> e.timerWithDuration("PT2H"))
            .serviceTask("work", t -> t.zeebeJobType("work"))
            .endEvent()
            .done();
    try (EmbeddedEngine engine = EmbeddedEngine.start(store);
        CamundaClient client = engine.newClient()) {
      assertThat(engine.store()).isEqualTo(store);
      client.newDeployResourceCommand().addProcessModel(waiting, "waiting.bpmn").send().join();
      client.newCreateInstanceCommand().bpmnProcessId("waiting").latestVersion().send().join();
      engine.awaitIdle();
      assertThat(EmbeddedEngine.activateJobs(client, "work")).as("before the timer").isEmpty();

      engine.increaseTime(Duration.ofHours(2));

      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(EmbeddedEngine.activateJobs(client, "work")).hasSize(1));
    }
  }

  @Test
  void twoEnginesAtWorkInOneJvm_eachAnswersItsOwnRequests() throws Exception {
    try (EmbeddedEngine first = EmbeddedEngine.start();
        EmbeddedEngine second = EmbeddedEngine.start();
        CamundaClient firstClient = first.newClient();
        CamundaClient secondClient = second.newClient()) {
      int instances = 40;
      startInstances(firstClient, instances, "first");
      startInstances(secondClient, instances, "second");

      // Both engines answer job activations at the same time: with a response writer shared
      // between them, answers went to the wrong request or could not be read.
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        CompletableFuture<List<String>> fromFirst =
            CompletableFuture.supplyAsync(() -> drain(firstClient, instances), pool);
        CompletableFuture<List<String>> fromSecond =
            CompletableFuture.supplyAsync(() -> drain(secondClient, instances), pool);

        assertThat(fromFirst.get()).hasSize(instances).containsOnly("first");
        assertThat(fromSecond.get()).hasSize(instances).containsOnly("second");
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void anIdleWorker_isHeldInsteadOfPolling_andGetsANewJobAtOnce() {
    List<Long> handled = new CopyOnWriteArrayList<>();
    try (EmbeddedEngine engine = EmbeddedEngine.start();
        CamundaClient client = engine.newClient()) {
      client.newDeployResourceCommand().addProcessModel(ONE_JOB, "one-job.bpmn").send().join();
      try (JobWorker worker =
          client
              .newWorker()
              .jobType("work")
              .handler((jobs, job) -> handled.add(job.getKey()))
              .pollInterval(Duration.ofMillis(100))
              .requestTimeout(Duration.ofSeconds(60))
              .open()) {
        // Answered at once, an idle worker would ask ten times a second, each time a command in
        // the engine's log; held, it asks once.
        await("an idle worker's requests")
            .during(Duration.ofSeconds(1))
            .atMost(Duration.ofSeconds(3))
            .until(() -> activateCommands(engine) <= 1);

        client.newCreateInstanceCommand().bpmnProcessId("one-job").latestVersion().send().join();

        // Well before the held request's timeout: the engine's notice of the new job woke it.
        await("the new job handed to the waiting worker")
            .atMost(Duration.ofSeconds(10))
            .until(() -> handled.size() == 1);
      }
    }
  }

  @Test
  void aHeldRequest_isAnsweredWithNoJobsAtItsRequestTimeout_notWithAnError() {
    try (EmbeddedEngine engine = EmbeddedEngine.start();
        CamundaClient client = engine.newClient()) {
      ActivateJobsResponse answer =
          client
              .newActivateJobsCommand()
              .jobType("nothing-to-do")
              .maxJobsToActivate(1)
              .requestTimeout(Duration.ofMillis(300))
              .send()
              .join();

      assertThat(answer.getJobs()).isEmpty();
      assertThat(activateCommands(engine)).as("one command, not one per retry").isEqualTo(1);
    }
  }

  @Test
  void aJobActivatedForAWorkerThatGaveUp_isOfferedAgainAtOnce_notAfterItsTimeout() {
    try (EmbeddedEngine engine = EmbeddedEngine.start();
        CamundaClient client = engine.newClient()) {
      client.newDeployResourceCommand().addProcessModel(ONE_JOB, "one-job.bpmn").send().join();
      client.newCreateInstanceCommand().bpmnProcessId("one-job").latestVersion().send().join();
      engine.awaitIdle();

      // A busy engine gets to a worker's request after the worker's deadline passed: it activates
      // the job for a request nobody waits for any more.
      engine.pauseProcessing();
      ManagedChannel channel =
          NettyChannelBuilder.forTarget(engine.grpcAddress().getAuthority()).usePlaintext().build();
      try {
        GatewayGrpc.GatewayBlockingStub gaveUp =
            GatewayGrpc.newBlockingStub(channel).withDeadlineAfter(300, TimeUnit.MILLISECONDS);
        assertThatThrownBy(
                () ->
                    gaveUp
                        .activateJobs(
                            GatewayOuterClass.ActivateJobsRequest.newBuilder()
                                .setType("work")
                                .setWorker("gave-up")
                                .setMaxJobsToActivate(1)
                                .setTimeout(Duration.ofMinutes(10).toMillis())
                                .setRequestTimeout(Duration.ofSeconds(10).toMillis())
                                .build())
                        .forEachRemaining(response -> {}))
            .isInstanceOfSatisfying(
                StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
      } finally {
        channel.shutdownNow();
      }
      engine.resumeProcessing();

      // As the broker's gateway does, the job is failed back with its retries and no backoff: the
      // next worker gets it now, not when its ten-minute activation times out.
      List<ActivatedJob> offered = new ArrayList<>();
      await("the job offered again")
          .atMost(Duration.ofSeconds(10))
          .until(() -> offered.addAll(EmbeddedEngine.activateJobs(client, "work")));
      assertThat(offered).hasSize(1);
      assertThat(offered.getFirst().getRetries())
          .as("a delivery failure costs no retry")
          .isEqualTo(3);
    }
  }

  @Test
  void jobsCompleted_countsWhatTheEngineCompleted_alsoWhenTheWorkerMissedTheAnswer() {
    try (EmbeddedEngine engine = EmbeddedEngine.start();
        CamundaClient client = engine.newClient()) {
      LongSupplier completed = engine.jobsCompleted("work");
      startInstances(client, 3, "counted");
      engine.awaitIdle();
      List<ActivatedJob> jobs = EmbeddedEngine.activateJobs(client, "work");
      assertThat(jobs).hasSize(3);
      client.newCompleteCommand(jobs.get(0)).send().join();

      // the engine is busy past the worker's deadline: the worker sees an error, the engine
      // completes the job all the same
      engine.pauseProcessing();
      assertThatThrownBy(
              () ->
                  client
                      .newCompleteCommand(jobs.get(1))
                      .requestTimeout(Duration.ofMillis(200))
                      .send()
                      .join())
          .hasMessageContaining("deadline exceeded");
      engine.resumeProcessing();
      engine.awaitIdle();

      assertThat(completed.getAsLong()).isEqualTo(2);
      assertThat(engine.jobsCompleted("other").getAsLong()).isZero();
    }
  }

  @Test
  void close_removesTheEnginesDirectory_andASecondCloseDoesNothing() throws Exception {
    List<Path> before = engineDirectories();
    EmbeddedEngine engine = EmbeddedEngine.start();
    List<Path> during = engineDirectories();
    during.removeAll(before);
    assertThat(during).as("a fresh directory for this engine").hasSize(1);

    engine.close();
    engine.close();

    assertThat(Files.exists(during.getFirst())).isFalse();
  }

  @Test
  void aClosedEngine_leavesNoThreadThatKeepsTheJvmAlive() {
    List<String> before = nonDaemonThreads();
    try (EmbeddedEngine engine = EmbeddedEngine.start();
        CamundaClient client = engine.newClient()) {
      client.newDeployResourceCommand().addProcessModel(ONE_JOB, "one-job.bpmn").send().join();
      engine.awaitIdle();
    }
    org.awaitility.Awaitility.await()
        .pollInSameThread()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(nonDaemonThreads()).isSubsetOf(before));
  }

  private static void startInstances(CamundaClient client, int count, String origin) {
    client.newDeployResourceCommand().addProcessModel(ONE_JOB, "one-job.bpmn").send().join();
    IntStream.range(0, count)
        .forEach(
            i ->
                client
                    .newCreateInstanceCommand()
                    .bpmnProcessId("one-job")
                    .latestVersion()
                    .variables(Map.of("origin", origin))
                    .send()
                    .join());
  }

  private static List<String> drain(CamundaClient client, int expected) {
    List<String> origins = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (origins.size() < expected && System.nanoTime() < deadline) {
      for (ActivatedJob job : EmbeddedEngine.activateJobs(client, "work")) {
        origins.add((String) job.getVariablesAsMap().get("origin"));
        client.newCompleteCommand(job).send().join();
      }
    }
    return origins;
  }

  private static long activateCommands(EmbeddedEngine engine) {
    return StreamSupport.stream(engine.records().records().spliterator(), false)
        .filter(r -> r.getValueType() == ValueType.JOB_BATCH)
        .filter(r -> r.getRecordType() == RecordType.COMMAND)
        .count();
  }

  private static List<Path> engineDirectories() throws java.io.IOException {
    try (var paths = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return new ArrayList<>(
          paths.filter(p -> p.getFileName().toString().startsWith("orderflow-engine-")).toList());
    }
  }

  private static List<String> nonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(t -> !t.isDaemon())
        .map(Thread::getName)
        .toList();
  }
}
