package dev.orderflow.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.order.OrderProcess;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.search.clients.SearchClientsProxy;
import io.camunda.security.auth.BrokerRequestAuthorizationConverter;
import io.camunda.security.configuration.SecurityConfiguration;
import io.camunda.zeebe.db.AccessMetricsConfiguration;
import io.camunda.zeebe.db.ConsistencyChecksSettings;
import io.camunda.zeebe.db.ZeebeDb;
import io.camunda.zeebe.db.impl.rocksdb.RocksDbConfiguration;
import io.camunda.zeebe.db.impl.rocksdb.ZeebeRocksDbFactory;
import io.camunda.zeebe.db.impl.rocksdb.ZeebeRocksDbFactory.SharedRocksDbResources;
import io.camunda.zeebe.engine.Engine;
import io.camunda.zeebe.engine.EngineConfiguration;
import io.camunda.zeebe.engine.processing.EngineProcessors;
import io.camunda.zeebe.engine.processing.message.command.SubscriptionCommandSender;
import io.camunda.zeebe.logstreams.log.LogStream;
import io.camunda.zeebe.process.test.engine.EngineGateway;
import io.camunda.zeebe.process.test.engine.db.InMemoryDbFactory;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.ZbColumnFamilies;
import io.camunda.zeebe.protocol.impl.encoding.MsgPackConverter;
import io.camunda.zeebe.protocol.impl.record.RecordMetadata;
import io.camunda.zeebe.protocol.impl.record.value.usertask.UserTaskRecord;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.MessageStartEventSubscriptionIntent;
import io.camunda.zeebe.protocol.record.intent.UserTaskIntent;
import io.camunda.zeebe.protocol.record.value.MessageStartEventSubscriptionRecordValue;
import io.camunda.zeebe.scheduler.ActorScheduler;
import io.camunda.zeebe.scheduler.clock.ControlledActorClock;
import io.camunda.zeebe.stream.impl.ControllableStreamClockImpl;
import io.camunda.zeebe.stream.impl.StreamProcessor;
import io.camunda.zeebe.util.FeatureFlags;
import io.camunda.zeebe.util.buffer.BufferUtil;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that knows the embedded engine: the Zeebe engine (its stream processor and BPMN
 * processors) with gRPC in front, assembled here from zeebe-workflow-engine and the parts of
 * zeebe-process-test (its gRPC gateway) that are worth keeping. It starts on a free port, hands out
 * clients of the Camunda SDK, moves its clock, reads its records, and completes user tasks the way
 * Tasklist does. Moving to another engine is a change here.
 *
 * <p>Its state lives in Zeebe's own RocksDB store ({@link Store#ROCKSDB}, the default), the store
 * of a production broker. zeebe-process-test's in-memory store copies itself on every prefix scan,
 * so it slows down with every waiting order; it stays selectable ({@link Store#IN_MEMORY}) so the
 * benchmark can put both side by side.
 *
 * <p>Each engine has a fresh temporary directory, removed when the engine closes or, failing that,
 * when the JVM exits: its log (a file that is never truncated, since {@link #records()} reads it
 * from the start: see {@link EngineLogStorage}) and the RocksDB store.
 *
 * <p>Several engines may run in one JVM: each answers its gRPC requests through a response writer
 * of its own ({@code PerEngineResponseWriter}; zeebe-process-test's shares static fields between
 * engines, and two engines at work corrupted each other's answers).
 *
 * <p>Test scope only: the engine is not open source and never ships in the application jar.
 */
public final class EmbeddedEngine implements AutoCloseable {

  /** Where the engine keeps its state. */
  public enum Store {
    /** Zeebe's RocksDB store, as a production broker: flat cost per operation. */
    ROCKSDB,
    /** zeebe-process-test's in-memory store: every prefix scan copies it. */
    IN_MEMORY
  }

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedEngine.class);
  private static final int PARTITION_ID = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** RocksDB's block cache and write buffers, per engine: 64 MiB is as fast as the 512 default. */
  private static final long ROCKSDB_MEMORY_LIMIT = 64L * 1024 * 1024;

  /** Directories of engines not closed yet, removed by a shutdown hook if still there. */
  private static final Set<Path> DIRECTORIES = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> DIRECTORIES.forEach(EmbeddedEngine::deleteQuietly),
                "embedded-engine-cleanup"));
  }

  private final Store store;
  private final ControlledActorClock clock;
  private final ActorScheduler scheduler;
  private final EngineLogStorage logStorage;
  private final LogStream logStream;
  private final EngineGateway gateway;
  private final Server grpcServer;
  private final ZeebeDb<ZbColumnFamilies> database;
  private final SharedRocksDbResources rocksDbResources;
  private final Path directory;
  private final StreamProcessor streamProcessor;
  private final EngineRecords records;
  private final URI grpcAddress;
  private boolean closed;

  private EmbeddedEngine(int port, Store store) {
    this.store = store;
    this.clock = new ControlledActorClock();
    this.scheduler =
        ActorScheduler.newActorScheduler()
            .setSchedulerName("embedded-engine-" + port)
            .setActorClock(clock)
            .setCpuBoundActorThreadCount(1)
            .setIoBoundActorThreadCount(1)
            .build();
    scheduler.start();
    this.directory = createDirectory();
    this.logStorage = new EngineLogStorage(directory.resolve("log"));
    this.logStream =
        LogStream.builder()
            .withPartitionId(PARTITION_ID)
            .withLogStorage(logStorage)
            .withClock(clock)
            .withMeterRegistry(new SimpleMeterRegistry())
            .build();
    this.gateway = EngineGateway.create(logStream.newLogStreamWriter(), PARTITION_ID, port);
    this.grpcServer =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
            .addService(gateway.service())
            .build();
    if (store == Store.ROCKSDB) {
      this.rocksDbResources = SharedRocksDbResources.allocate(ROCKSDB_MEMORY_LIMIT);
      this.database =
          new ZeebeRocksDbFactory<ZbColumnFamilies>(
                  new RocksDbConfiguration().setMemoryLimit(ROCKSDB_MEMORY_LIMIT),
                  new ConsistencyChecksSettings(),
                  new AccessMetricsConfiguration(AccessMetricsConfiguration.Kind.NONE, 1),
                  SimpleMeterRegistry::new,
                  rocksDbResources,
                  1)
              .createDb(directory.resolve("state").toFile());
    } else {
      this.rocksDbResources = null;
      this.database = new InMemoryDbFactory<ZbColumnFamilies>().createDb();
    }
    this.streamProcessor = streamProcessor();
    this.records = new EngineRecords(logStream.newLogStreamReader(), PARTITION_ID);
    this.grpcAddress = URI.create("http://localhost:" + port);
  }

  /** Starts a fresh engine, with empty state in RocksDB, on a free port. */
  public static EmbeddedEngine start() {
    return start(freePort(), Store.ROCKSDB);
  }

  /** Starts a fresh engine with empty state in the given store, on a free port. */
  public static EmbeddedEngine start(Store store) {
    return start(freePort(), store);
  }

  /** Starts a fresh engine, with empty state in RocksDB, with its gRPC gateway on this port. */
  public static EmbeddedEngine start(int port) {
    return start(port, Store.ROCKSDB);
  }

  /** Starts a fresh engine with empty state in the given store, its gateway on this port. */
  public static EmbeddedEngine start(int port, Store store) {
    EmbeddedEngine engine = new EmbeddedEngine(port, store);
    try {
      engine.grpcServer.start();
      engine.streamProcessor.openAsync(false).join();
    } catch (IOException | RuntimeException e) {
      engine.close();
      throw new IllegalStateException("the embedded engine could not start on port " + port, e);
    }
    LOG.info("Embedded engine ({} store) serving gRPC on {}", store, engine.grpcAddress);
    return engine;
  }

  private StreamProcessor streamProcessor() {
    SecurityConfiguration security = new SecurityConfiguration();
    security.getAuthorizations().setEnabled(false);
    return StreamProcessor.builder()
        .logStream(logStream)
        .zeebeDb(database)
        .commandResponseWriter(gateway.responseWriter())
        .partitionCommandSender(gateway.commandSender())
        .recordProcessors(
            List.of(
                new Engine(
                    context ->
                        EngineProcessors.createEngineProcessors(
                            context,
                            1,
                            new SubscriptionCommandSender(
                                context.getPartitionId(), gateway.commandSender()),
                            gateway.commandSender(),
                            FeatureFlags.createDefault(),
                            gateway.jobStreamer(),
                            SearchClientsProxy.noop(),
                            new BrokerRequestAuthorizationConverter(security)),
                    engineConfiguration(),
                    security)))
        .actorSchedulingService(scheduler)
        .clock(new ControllableStreamClockImpl(clock))
        .meterRegistry(new SimpleMeterRegistry())
        .build();
  }

  /**
   * The broker's engine settings, but on the in-memory store no batch-operation scheduler. It runs
   * on a thread of its own and scans the store every second for pending batch operations; the
   * in-memory store cannot be read while the engine's thread writes it (every scan failed with a
   * ConcurrentModificationException, logged as an error), and a batch operation can never be
   * pending here: they are created through the REST API, and this engine serves gRPC only.
   */
  private EngineConfiguration engineConfiguration() {
    EngineConfiguration configuration = new EngineConfiguration();
    if (store == Store.IN_MEMORY) {
      configuration.setBatchOperationSchedulerInterval(Duration.ofDays(365));
    }
    return configuration;
  }

  /** Where this engine keeps its state. */
  public Store store() {
    return store;
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
    clock.addTime(duration);
  }

  /**
   * Waits until the engine has processed everything written to its log (no worker may be polling: a
   * poll is a command too).
   */
  public void awaitIdle() {
    AtomicInteger idleChecks = new AtomicInteger();
    Awaitility.await("the engine to process everything in its log")
        .pollInSameThread()
        .pollInterval(Duration.ofMillis(25))
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                idleChecks.updateAndGet(
                        n -> streamProcessor.hasProcessingReachedTheEnd().join() ? n + 1 : 0)
                    >= 2);
  }

  /**
   * Stops processing the log: commands are still written (and requests held) but not answered until
   * {@link #resumeProcessing()}, as a busy engine answers late. For tests.
   */
  void pauseProcessing() {
    streamProcessor.pauseProcessing().join();
  }

  /** Processes the log again after {@link #pauseProcessing()}. */
  void resumeProcessing() {
    streamProcessor.resumeProcessing();
  }

  /**
   * The number of jobs of this type the engine has completed so far, read from its log at each
   * call: what the engine did, whether or not the worker's client saw the answer.
   */
  public LongSupplier jobsCompleted(String type) {
    return new JobCompletions(logStream.newLogStreamReader(), type);
  }

  /** Everything the engine wrote so far. */
  public RecordStream records() {
    return RecordStream.of(records);
  }

  /** The records the engine wrote after this log position (for example, a command's answer). */
  public List<Record<?>> recordsAfter(long position) {
    return records.after(position);
  }

  /** Bytes in the engine's log file, which is kept whole (see the class comment). */
  public long logSizeInBytes() {
    return logStorage.sizeInBytes();
  }

  /**
   * Completes a Camunda user task as Tasklist does: the engine's user-task COMPLETE command with
   * the variables the form submits, which is what the REST API's completion endpoint hands the
   * broker. The task ends COMPLETED; its output mappings and completion listeners run.
   *
   * @return the command's position in the log: the engine's answer follows it
   */
  public long completeUserTask(long userTaskKey, Map<String, Object> variables) {
    String json;
    try {
      json = JSON.writeValueAsString(variables);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("form variables are not JSON: " + variables, e);
    }
    UserTaskRecord command =
        new UserTaskRecord()
            .setUserTaskKey(userTaskKey)
            .setAction("complete")
            .setVariables(BufferUtil.wrapArray(MsgPackConverter.convertToMsgPack(json)));
    RecordMetadata metadata =
        new RecordMetadata()
            .recordType(RecordType.COMMAND)
            .valueType(ValueType.USER_TASK)
            .intent(UserTaskIntent.COMPLETE);
    return gateway.writeCommand(userTaskKey, command, metadata);
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

  /** Stops the engine and removes its state; a second call does nothing. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      grpcServer.shutdownNow();
      grpcServer.awaitTermination(10, TimeUnit.SECONDS);
      gateway.close();
      if (streamProcessor.isOpened()) {
        streamProcessor.closeAsync().join();
      }
      database.close();
      logStream.close();
      scheduler.stop().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("Embedded engine on {} did not stop cleanly", grpcAddress, e);
    } finally {
      if (rocksDbResources != null) {
        rocksDbResources.close();
      }
      logStorage.close();
      deleteQuietly(directory);
      DIRECTORIES.remove(directory);
    }
  }

  private static Path createDirectory() {
    try {
      Path directory = Files.createTempDirectory("orderflow-engine-");
      DIRECTORIES.add(directory);
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException("could not create the engine's directory", e);
    }
  }

  private static void deleteQuietly(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("Could not remove the engine's directory {}", directory, e);
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
