package dev.orderflow.kafka;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;

/**
 * Publishes messages to the engine and classifies its answer: accepted, a duplicate the engine
 * dropped (ALREADY_EXISTS: the same message id is still buffered), a message it will never accept
 * (poison), or a refusal for now (unavailable, backpressure, deadline: retried, never skipped).
 */
@Component
public class EngineMessageGateway {

  /** What the engine made of a message that was not refused. */
  public enum Outcome {
    PUBLISHED,
    DUPLICATE
  }

  private final CamundaClient client;
  private final Duration timeout;

  public EngineMessageGateway(CamundaClient client, InboundProperties properties) {
    this.client = client;
    this.timeout = properties.publishTimeout();
  }

  /**
   * Sends the messages of one record without waiting. The future completes with the outcome, or
   * exceptionally with {@link PoisonRecordException} (never retry) or {@link
   * EngineUnavailableException} (retry). With several messages, the record counts as published if
   * any was new, and fails if any failed, once all have answered (so in-flight stays bounded and
   * nothing is left over): retried, the ones that went through are dropped by the engine as
   * duplicates of their message ids.
   */
  public CompletableFuture<Outcome> publish(List<InboundMessage> messages) {
    if (messages.size() == 1) {
      return publishOne(messages.getFirst());
    }
    List<CompletableFuture<Outcome>> sent = messages.stream().map(this::publishOne).toList();
    return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
        .thenApply(
            ignored ->
                sent.stream().anyMatch(outcome -> outcome.join() == Outcome.PUBLISHED)
                    ? Outcome.PUBLISHED
                    : Outcome.DUPLICATE);
  }

  private CompletableFuture<Outcome> publishOne(InboundMessage message) {
    CompletableFuture<Outcome> result = new CompletableFuture<>();
    try {
      client
          .newPublishMessageCommand()
          .messageName(message.messageName())
          .correlationKey(message.correlationKey())
          .messageId(message.messageId())
          .timeToLive(message.ttl())
          .variables(message.variables())
          .requestTimeout(timeout)
          .send()
          .whenComplete(
              (response, failure) -> {
                if (failure == null) {
                  result.complete(Outcome.PUBLISHED);
                } else {
                  try {
                    result.complete(classify(message, failure));
                  } catch (RuntimeException refused) {
                    result.completeExceptionally(refused);
                  }
                }
              });
    } catch (RuntimeException e) { // the client refused to send at all (e.g. closed)
      result.completeExceptionally(
          new EngineUnavailableException("could not send " + message.messageName(), e));
    }
    return result;
  }

  private static Outcome classify(InboundMessage message, Throwable e) {
    Status.Code code = statusOf(e);
    String what = message.messageName() + " " + message.messageId();
    return switch (code) {
      case ALREADY_EXISTS -> Outcome.DUPLICATE;
      case INVALID_ARGUMENT ->
          throw new PoisonRecordException("engine rejected " + what + ": " + e.getMessage(), e);
      default ->
          throw new EngineUnavailableException(
              "engine did not accept " + what + " (" + code + "): " + e.getMessage(), e);
    };
  }

  private static Status.Code statusOf(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ClientStatusException status) {
        return status.getStatusCode();
      }
      if (t instanceof io.grpc.StatusRuntimeException status) {
        return status.getStatus().getCode();
      }
    }
    return Status.Code.UNKNOWN;
  }
}
