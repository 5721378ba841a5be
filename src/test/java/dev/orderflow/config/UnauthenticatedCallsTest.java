package dev.orderflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.testing.EmbeddedEngine;
import io.camunda.client.CamundaClient;
import io.camunda.client.CredentialsProvider;
import io.camunda.client.impl.NoopCredentialsProvider;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Camunda client's calls to the embedded engine, as the application's client makes them: with
 * the SDK's provider for {@code camunda.client.auth.method: none}, a call goes out without call
 * credentials and is served; with a provider that authenticates, every call keeps its credentials.
 */
class UnauthenticatedCallsTest {

  private static EmbeddedEngine engine;

  @BeforeAll
  static void startEngine() {
    engine = EmbeddedEngine.start();
  }

  @AfterAll
  static void stopEngine() {
    engine.close();
  }

  @Test
  void withNoAuthentication_aCallGoesOutWithoutCredentials_andIsServed() {
    List<CallOptions> sent = new CopyOnWriteArrayList<>();
    try (CamundaClient client = client(new NoopCredentialsProvider(), sent)) {
      client.newPublishMessageCommand().messageName("Ping").correlationKey("k-1").send().join();
    }

    assertThat(sent).isNotEmpty().allSatisfy(call -> assertThat(call.getCredentials()).isNull());
  }

  @Test
  void withAProviderThatAuthenticates_everyCallKeepsItsCredentials() {
    AtomicInteger applied = new AtomicInteger();
    CredentialsProvider token =
        new CredentialsProvider() {
          @Override
          public void applyCredentials(CredentialsApplier applier) {
            applied.incrementAndGet();
            applier.put("Authorization", "Bearer test-token");
          }

          @Override
          public boolean shouldRetryRequest(StatusCode status) {
            return false;
          }
        };
    List<CallOptions> sent = new CopyOnWriteArrayList<>();
    try (CamundaClient client = client(token, sent)) {
      client.newPublishMessageCommand().messageName("Ping").correlationKey("k-2").send().join();
    }

    assertThat(sent).isNotEmpty().allSatisfy(call -> assertThat(call.getCredentials()).isNotNull());
    assertThat(applied).hasPositiveValue();
  }

  /** A client as the SDK builds it, with the application's interceptor and a witness behind it. */
  private static CamundaClient client(CredentialsProvider credentials, List<CallOptions> sent) {
    ClientInterceptor witness =
        new ClientInterceptor() {
          @Override
          public <Q, R> ClientCall<Q, R> interceptCall(
              MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            sent.add(options);
            return next.newCall(method, options);
          }
        };
    return CamundaClient.newClientBuilder()
        .grpcAddress(engine.grpcAddress())
        .restAddress(URI.create("http://localhost:1"))
        .preferRestOverGrpc(false)
        .credentialsProvider(credentials)
        // gRPC calls the last interceptor first: the witness sees the call as it goes out
        .withInterceptors(witness, new UnauthenticatedCalls(credentials))
        .build();
  }
}
