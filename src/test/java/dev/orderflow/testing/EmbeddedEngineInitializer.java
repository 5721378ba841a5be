package dev.orderflow.testing;

import java.util.Map;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives each Spring test context an engine of its own (a bean named {@code embeddedEngine}) and
 * points the Camunda client at it; the engine stops with the context. Contexts never share an
 * engine, so the workers of one context cannot take another test's jobs.
 */
public class EmbeddedEngineInitializer
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    EmbeddedEngine engine = EmbeddedEngine.start();
    context.getBeanFactory().registerSingleton("embeddedEngine", engine);
    context
        .getEnvironment()
        .getPropertySources()
        .addFirst(new MapPropertySource("embeddedEngine", clientProperties(engine)));
    // Registered first, destroyed last: the workers stop before their engine does.
    ((DefaultListableBeanFactory) context.getBeanFactory())
        .registerDisposableBean("embeddedEngine", engine::close);
  }

  /** What the Camunda Spring SDK needs to reach the engine: gRPC only, plaintext by scheme. */
  public static Map<String, Object> clientProperties(EmbeddedEngine engine) {
    return Map.of(
        "camunda.client.grpc-address", engine.grpcAddress().toString(),
        "camunda.client.rest-address", "http://localhost:1",
        "camunda.client.prefer-rest-over-grpc", "false");
  }
}
