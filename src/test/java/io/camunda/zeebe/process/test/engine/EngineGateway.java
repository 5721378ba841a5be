package io.camunda.zeebe.process.test.engine;

import io.camunda.zeebe.engine.processing.streamprocessor.JobStreamer;
import io.camunda.zeebe.logstreams.log.LogAppendEntry;
import io.camunda.zeebe.logstreams.log.LogStreamWriter;
import io.camunda.zeebe.logstreams.log.LogStreamWriter.WriteFailure;
import io.camunda.zeebe.logstreams.log.WriteContext;
import io.camunda.zeebe.protocol.impl.record.RecordMetadata;
import io.camunda.zeebe.protocol.impl.record.UnifiedRecordValue;
import io.camunda.zeebe.stream.api.CommandResponseWriter;
import io.camunda.zeebe.stream.api.InterPartitionCommandSender;
import io.camunda.zeebe.util.Either;
import io.grpc.BindableService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The gRPC side of an engine, assembled from zeebe-process-test's package-private parts (its
 * gateway that turns gRPC requests into log commands, its request store, its job streamer and its
 * inter-partition command sender) with the broker gateway's long polling of job activations ({@link
 * LongPollingGateway}) and a response writer of our own: {@link PerEngineResponseWriter}, which
 * keeps its state per engine where zeebe-process-test's {@code GrpcResponseWriter} keeps the
 * answer's key, intent and value in static fields shared by every engine of the JVM.
 *
 * <p>Orderflow's code, in this package only because those parts are package-private; {@code
 * dev.orderflow.testing.EmbeddedEngine} assembles the rest of the engine from public parts. Test
 * scope only: the engine is not open source and never ships in the application jar.
 */
public final class EngineGateway implements AutoCloseable {

  private final CommandWriter commandWriter;
  private final LongPollingGateway gateway;
  private final CommandSender commandSender;
  private final PerEngineResponseWriter responseWriter;
  private final ExecutorService responseSender;

  private EngineGateway(LogStreamWriter logWriter, int partitionId, int port) {
    GatewayRequestStore requests = new GatewayRequestStore();
    this.commandWriter = new CommandWriter(logWriter);
    this.commandSender = new CommandSender(commandWriter);
    this.gateway =
        new LongPollingGateway(
            commandWriter, partitionId, port, requests, new InMemoryJobStreamer(commandWriter));
    this.responseSender =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("engine-responses-" + port).factory());
    this.responseWriter = new PerEngineResponseWriter(requests, responseSender);
  }

  /** A gateway writing the commands it receives to this log, for one partition. */
  public static EngineGateway create(LogStreamWriter logWriter, int partitionId, int port) {
    return new EngineGateway(logWriter, partitionId, port);
  }

  /** The gRPC service to serve (Zeebe's gateway protocol). */
  public BindableService service() {
    return gateway;
  }

  /** Answers the gRPC requests whose commands the engine processed. */
  public CommandResponseWriter responseWriter() {
    return responseWriter;
  }

  /**
   * Streams activated jobs to the clients that opened a job stream, and tells the held ActivateJobs
   * requests of new work.
   */
  public JobStreamer jobStreamer() {
    return gateway.jobStreamer();
  }

  /** What the engine sends "to another partition": with one partition, back into its own log. */
  public InterPartitionCommandSender commandSender() {
    return commandSender;
  }

  /** Stops sending answers (after the gRPC server has stopped); answers not sent are dropped. */
  @Override
  public void close() {
    gateway.close();
    responseSender.shutdownNow();
  }

  /**
   * Writes a command into the log as the broker's gateway would for a request that wants no answer
   * (for example, the user-task COMPLETE command that Tasklist's REST call becomes).
   *
   * @return the command's position in the log
   */
  public long writeCommand(long key, UnifiedRecordValue command, RecordMetadata metadata) {
    LogStreamWriter writer = commandWriter.writer();
    Either<WriteFailure, Long> written;
    synchronized (writer) { // as the gateway's own writes, so that commands never interleave
      written = writer.tryWrite(WriteContext.internal(), LogAppendEntry.of(key, metadata, command));
    }
    if (written.isLeft()) {
      throw new IllegalStateException("the engine's log refused the command: " + written.getLeft());
    }
    return written.get();
  }
}
