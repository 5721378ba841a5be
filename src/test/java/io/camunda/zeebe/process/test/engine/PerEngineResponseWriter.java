package io.camunda.zeebe.process.test.engine;

import com.google.protobuf.GeneratedMessage;
import com.google.rpc.Status;
import io.camunda.zeebe.process.test.engine.GatewayRequestStore.Request;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.RejectionType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.Intent;
import io.camunda.zeebe.stream.api.CommandResponseWriter;
import io.camunda.zeebe.util.buffer.BufferUtil;
import io.camunda.zeebe.util.buffer.BufferWriter;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the engine's answer to a command into the gRPC response of the request that sent it.
 *
 * <p>All of its state belongs to one engine. zeebe-process-test's own writer keeps the answer's
 * key, intent and value view in static fields, so two engines of one JVM overwrite each other's
 * answers between {@code valueWriter} and {@code tryWriteResponse} (lost job activations, "Could
 * not deserialize object [JobBatchRecord]"). The engine calls a writer from its one processing
 * actor, so per-instance fields need no further locking.
 *
 * <p>The answer is built on the engine's thread (it reads the engine's reused buffers), and sent on
 * another: gRPC's serialisation and Netty's writes took about a tenth of the engine thread's time
 * in a profile of the benchmark (JFR), time the one thread that processes every command then
 * lacked. The broker's own gateway answers off the processing thread too.
 */
final class PerEngineResponseWriter implements CommandResponseWriter {

  private static final Logger LOG = LoggerFactory.getLogger(PerEngineResponseWriter.class);

  private final GatewayRequestStore requests;
  private final Executor sender;
  private final GrpcResponseMapper mapper = new GrpcResponseMapper();
  private final ExpandableArrayBuffer valueBuffer = new ExpandableArrayBuffer();
  private final UnsafeBuffer valueView = new UnsafeBuffer(0, 0);

  private long key = -1;
  private Intent intent = Intent.UNKNOWN;
  private RejectionType rejectionType = RejectionType.NULL_VAL;
  private String rejectionReason = "";

  PerEngineResponseWriter(GatewayRequestStore requests, Executor sender) {
    this.requests = requests;
    this.sender = sender;
  }

  @Override
  public CommandResponseWriter partitionId(int partitionId) {
    return this;
  }

  @Override
  public CommandResponseWriter key(long key) {
    this.key = key;
    return this;
  }

  @Override
  public CommandResponseWriter intent(Intent intent) {
    this.intent = intent;
    return this;
  }

  @Override
  public CommandResponseWriter recordType(RecordType type) {
    return this;
  }

  @Override
  public CommandResponseWriter valueType(ValueType valueType) {
    return this;
  }

  @Override
  public CommandResponseWriter rejectionType(RejectionType rejectionType) {
    this.rejectionType = rejectionType;
    return this;
  }

  @Override
  public CommandResponseWriter rejectionReason(org.agrona.DirectBuffer rejectionReason) {
    this.rejectionReason = BufferUtil.bufferAsString(rejectionReason);
    return this;
  }

  @Override
  public CommandResponseWriter valueWriter(BufferWriter value) {
    value.write(valueBuffer, 0);
    valueView.wrap(valueBuffer, 0, value.getLength());
    return this;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void tryWriteResponse(int requestStreamId, long requestId) {
    Request request = requests.removeRequest(requestId);
    try {
      if (request == null) {
        LOG.debug("no open request {} for the engine's answer ({})", requestId, intent);
        return;
      }
      StreamObserver<GeneratedMessage> observer =
          (StreamObserver<GeneratedMessage>) request.responseObserver();
      if (rejectionType != RejectionType.NULL_VAL) {
        Status rejection = mapper.createRejectionResponse(rejectionType, intent, rejectionReason);
        send(() -> observer.onError(StatusProto.toStatusException(rejection)));
        return;
      }
      GeneratedMessage response = mapper.map(request.requestType(), valueView, key, intent);
      send(
          () -> {
            observer.onNext(response);
            observer.onCompleted();
          });
    } finally {
      rejectionType = RejectionType.NULL_VAL;
      rejectionReason = "";
    }
  }

  private void send(Runnable answer) {
    try {
      sender.execute(answer);
    } catch (RejectedExecutionException closing) {
      LOG.debug("the engine is closing: an answer is not sent");
    }
  }
}
