package dev.orderflow.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.validation.annotation.Validated;

/**
 * {@code orderflow.deployment.*}: how the application deploys its models and forms at start-up.
 *
 * @param retry the backoff between attempts while the engine does not take the deployment (not up
 *     yet on a cold start, or unreachable): attempts go on until one succeeds
 * @param timeout how long one attempt waits for the engine's answer
 * @param resources what is deployed: Spring resource patterns of models ({@code .bpmn}) and forms
 *     ({@code .form}); the inbound bridge takes its routes from the Kafka connector elements of
 *     these models (kafka/ModelRoutes), so a model deployed otherwise gets no route
 */
@Validated
@ConfigurationProperties("orderflow.deployment")
public record DeploymentProperties(
    @Valid @DefaultValue Retry retry,
    @NotNull @DefaultValue("10s") Duration timeout,
    @NotEmpty @DefaultValue({"classpath*:/bpmn/*.bpmn", "classpath*:/forms/*.form"})
        List<String> resources) {

  @ConstructorBinding
  public DeploymentProperties {}

  /** The default resources: the application's models and forms. */
  public DeploymentProperties(Retry retry, Duration timeout) {
    this(retry, timeout, List.of("classpath*:/bpmn/*.bpmn", "classpath*:/forms/*.form"));
  }

  /** The deployed resources, in pattern order. */
  public List<Resource> deployed() {
    PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
    List<Resource> all = new ArrayList<>();
    for (String pattern : resources) {
      try {
        all.addAll(List.of(resolver.getResources(pattern)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + pattern, e);
      }
    }
    return all;
  }

  /** The deployed models. */
  public List<Resource> models() {
    return deployed().stream()
        .filter(resource -> resource.getFilename() != null)
        .filter(resource -> resource.getFilename().endsWith(".bpmn"))
        .toList();
  }

  public record Retry(
      @NotNull @DefaultValue("1s") Duration initialInterval,
      @DecimalMin("1.0") @DefaultValue("2") double multiplier,
      @NotNull @DefaultValue("30s") Duration maxInterval) {

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} failures (1-based). */
    Duration after(int attempt) {
      double millis = initialInterval.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
      return Duration.ofMillis((long) Math.min(millis, maxInterval.toMillis()));
    }
  }
}
