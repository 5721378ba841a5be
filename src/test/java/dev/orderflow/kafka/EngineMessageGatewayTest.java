package dev.orderflow.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.gateway.protocol.GatewayGrpc;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.PublishMessageRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.PublishMessageResponse;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * How the gateway classifies what the engine answers, over the real client and gRPC, against a
 * gateway whose answers the test sets: a message the engine rejects as invalid is poison (dead
 * lettered, never retried); a duplicate is dropped; anything else is a refusal for now (retried).
 * The embedded engine has no message it rejects as invalid (its gateway does not validate), so the
 * answer comes from a stand-in gateway here, with the status a real Zeebe gateway sends.
 */
class EngineMessageGatewayTest {

  /** The gateway's answer by message id: a gRPC status, or OK. */
  static final Map<String, Status> ANSWERS =
      Map.of(
          "invalid",
          Status.INVALID_ARGUMENT.withDescription(
              "Command 'PUBLISH' rejected with code 'INVALID_ARGUMENT': Expected to publish a"
                  + " message with variables as a document, but got a string"),
          "duplicate",
          Status.ALREADY_EXISTS.withDescription("a message with that id was already published"),
          "unavailable",
          Status.UNAVAILABLE.withDescription("partition leader unavailable"),
          "backpressure",
          Status.RESOURCE_EXHAUSTED.withDescription("backpressure"),
          "deadline",
          Status.DEADLINE_EXCEEDED.withDescription("took too long"));

  final List<String> received = new CopyOnWriteArrayList<>();
  Server server;
  CamundaClient client;
  EngineMessageGateway gateway;

  @BeforeEach
  void setUp() throws Exception {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("localhost", 0))
            .addService(
                new GatewayGrpc.GatewayImplBase() {
                  @Override
                  public void publishMessage(
                      PublishMessageRequest request,
                      StreamObserver<PublishMessageResponse> response) {
                    received.add(request.getName() + " " + request.getMessageId());
                    Status status = ANSWERS.get(request.getMessageId());
                    if (status == null) {
                      response.onNext(PublishMessageResponse.newBuilder().setKey(1).build());
                      response.onCompleted();
                    } else {
                      response.onError(status.asRuntimeException());
                    }
                  }
                })
            .build()
            .start();
    client =
        CamundaClient.newClientBuilder()
            .grpcAddress(URI.create("http://localhost:" + server.getPort()))
            .restAddress(URI.create("http://localhost:1"))
            .preferRestOverGrpc(false)
            .defaultRequestTimeout(Duration.ofSeconds(10))
            .build();
    gateway =
        new EngineMessageGateway(
            client,
            InboundPropertiesFixture.properties(DataSize.ofKilobytes(64), Duration.ofSeconds(5)));
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    client.close();
    server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
  }

  @Test
  void messageTheEngineRejectsAsInvalid_isPoison_withTheEnginesReason() {
    Throwable failure = failureOf(message("invalid"));

    assertThat(failure)
        .isInstanceOf(PoisonRecordException.class)
        .hasMessageStartingWith("engine rejected OrderPlaced invalid: ")
        .hasMessageContaining("variables as a document");
  }

  @Test
  void duplicateMessageId_isADuplicate_notAFailure() {
    assertThat(gateway.publish(List.of(message("duplicate"))).join())
        .isEqualTo(EngineMessageGateway.Outcome.DUPLICATE);
  }

  @Test
  void acceptedMessage_isPublished() {
    assertThat(gateway.publish(List.of(message("fine"))).join())
        .isEqualTo(EngineMessageGateway.Outcome.PUBLISHED);
    assertThat(received).containsExactly("OrderPlaced fine");
  }

  @Test
  void unavailableBackpressureOrDeadline_isARefusalForNow_retriedNotDeadLettered() {
    for (String id : List.of("unavailable", "backpressure", "deadline")) {
      assertThat(failureOf(message(id)))
          .as(id)
          .isInstanceOf(EngineUnavailableException.class)
          .hasMessageContaining("engine did not accept OrderPlaced " + id);
    }
  }

  @Test
  void secondMessageRejectedAsInvalid_makesTheRecordPoison() {
    List<InboundMessage> payment =
        List.of(
            new InboundMessage(
                "payments.captured",
                "PaymentCaptured",
                "order-1",
                "fine",
                Duration.ofHours(2),
                Map.of("amount", 25)),
            new InboundMessage(
                "payments.captured",
                "PaymentReceived",
                "psp-1",
                "invalid",
                Duration.ofHours(2),
                Map.of("amount", 25)));

    assertThat(failureOf(payment)).isInstanceOf(PoisonRecordException.class);
  }

  private Throwable failureOf(InboundMessage message) {
    return failureOf(List.of(message));
  }

  private Throwable failureOf(List<InboundMessage> messages) {
    Throwable thrown = catchThrowable(() -> gateway.publish(messages).join());
    return thrown instanceof CompletionException e ? e.getCause() : thrown;
  }

  private static InboundMessage message(String messageId) {
    return new InboundMessage(
        "orders.placed",
        "OrderPlaced",
        "order-1",
        messageId,
        Duration.ofHours(2),
        Map.of("orderId", "order-1"));
  }
}
