package dev.orderflow.config;

import io.camunda.client.CredentialsProvider;
import io.camunda.client.impl.NoopCredentialsProvider;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import org.springframework.stereotype.Component;

/**
 * With no authentication, the Camunda client's gRPC calls start at once.
 *
 * <p>The SDK gives its client gRPC call credentials whenever it has a credentials provider, and
 * with {@code camunda.client.auth.method: none} it has one: the provider that adds nothing. Every
 * command (each message the bridge publishes, each job activation and completion) then waited for
 * that empty step on the client's executor and was started from there, a thread hop and a buffered
 * call each. The SDK hands this interceptor to its client; it drops the credentials from a call
 * only when they come from that provider. With any other provider (OAuth, basic, your own bean) the
 * calls keep them.
 */
@Component
public final class UnauthenticatedCalls implements ClientInterceptor {

  private final boolean noCredentials;

  UnauthenticatedCalls(CredentialsProvider credentials) {
    this.noCredentials = credentials instanceof NoopCredentialsProvider;
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(
      MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    return next.newCall(method, noCredentials ? options.withCallCredentials(null) : options);
  }
}
