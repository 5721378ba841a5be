package dev.orderflow.testing;

import dev.orderflow.order.OrderProcess;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.MessageStartEventSubscriptionIntent;
import io.camunda.zeebe.protocol.record.value.MessageStartEventSubscriptionRecordValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * The one place that knows the in-memory engine of zeebe-process-test (deprecated from 8.8; its
 * successor needs Docker or a running Camunda): start it on a free port, hand out clients of the
 * Camunda SDK, move its clock, read its records. Moving to another engine is a change here.
 *
 * <p>One engine at a time per JVM: every engine of zeebe-process-test 8.8 writes its gRPC answers
 * through a buffer view that is static in its {@code GrpcResponseWriter}, so two engines answering
 * at once corrupt each other's answers ("Could not deserialize object [JobBatchRecord]", "offset=0
 * length=230 not valid for capacity=227" from the engine's actor) and the job activations whose
 * answers were lost wait for their timeout. {@link #start} refuses a second engine; Spring test
 * contexts, each with an engine of its own, close after their test class ({@link
 * OrderflowIntegrationTest}).
 *
 * <p>Test scope only: the engine is not open source and never ships in the application jar.
 */
public final class EmbeddedEngine implements AutoCloseable {

  /** The engine of this JVM that has not been closed yet, if any. */
  private static EmbeddedEngine running;

  private final ZeebeTestEngine engine;
  private final URI grpcAddress;

  private EmbeddedEngine(ZeebeTestEngine engine) {
    this.engine = engine;
    this.grpcAddress = URI.create("http://" + engine.getGatewayAddress());
  }

  /** Starts a fresh engine, with empty state, on a free port. */
  public static EmbeddedEngine start() {
    return start(freePort());
  }

  /**
   * Starts a fresh engine with its gRPC gateway on the given port.
   *
   * @throws IllegalStateException while another engine of this JVM has not been closed
   */
  public static EmbeddedEngine start(int port) {
    synchronized (EmbeddedEngine.class) {
      if (running != null) {
        throw new IllegalStateException(
            "another in-memory engine is still running in this JVM ("
                + running.grpcAddress
                + "): close it first. Engines of zeebe-process-test share a static response"
                + " buffer, and two at work corrupt each other's answers (see EmbeddedEngine)");
      }
      ZeebeTestEngine engine = EngineFactory.create(port);
      engine.start();
      running = new EmbeddedEngine(engine);
      return running;
    }
  }

  /** The gateway address, with the {@code http://} scheme the client needs for plaintext. */
  public URI grpcAddress() {
    return grpcAddress;
  }

  /** A client of the Camunda SDK talking gRPC to this engine (it serves no REST). */
  public CamundaClient newClient() {
    return CamundaClient.newClientBuilder()
        .grpcAddress(grpcAddress)
        .restAddress(URI.create("http://localhost:1"))
        .preferRestOverGrpc(false)
        .defaultRequestTimeout(Duration.ofSeconds(10))
        .build();
  }

  /**
   * Activates up to ten jobs of this type, as a worker would (the test then completes them): for
   * process tests that play the job workers.
   */
  public static List<ActivatedJob> activateJobs(CamundaClient client, String type) {
    return client
        .newActivateJobsCommand()
        .jobType(type)
        .maxJobsToActivate(10)
        .timeout(Duration.ofMinutes(5))
        .requestTimeout(Duration.ofSeconds(1))
        .send()
        .join()
        .getJobs();
  }

  /** Moves the engine clock forward, firing the timers that fall due. */
  public void increaseTime(Duration duration) {
    engine.increaseTime(duration);
  }

  /** Waits until the engine has processed everything it was sent (no worker may be polling). */
  public void awaitIdle() {
    try {
      engine.waitForIdleState(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("engine did not become idle", e);
    }
  }

  /** Everything the engine wrote so far. */
  public RecordStream records() {
    return RecordStream.of(engine.getRecordStreamSource());
  }

  /**
   * The order process's instances that messages with this correlation key started. The same
   * messages also start the tracking process: see {@link #instancesStartedFor(String, String)}.
   */
  public List<Long> instancesStartedFor(String correlationKey) {
    return instancesStartedFor(OrderProcess.PROCESS_ID, correlationKey);
  }

  /** The instances of this process that messages with this correlation key started, in order. */
  public List<Long> instancesStartedFor(String bpmnProcessId, String correlationKey) {
    return StreamSupport.stream(
            records().messageStartEventSubscriptionRecords().spliterator(), false)
        .filter(r -> r.getIntent() == MessageStartEventSubscriptionIntent.CORRELATED)
        .map(Record::getValue)
        .filter(v -> bpmnProcessId.equals(v.getBpmnProcessId()))
        .filter(v -> correlationKey.equals(v.getCorrelationKey()))
        .map(MessageStartEventSubscriptionRecordValue::getProcessInstanceKey)
        .toList();
  }

  @Override
  public void close() {
    synchronized (EmbeddedEngine.class) {
      engine.stop();
      if (running == this) {
        running = null;
      }
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
