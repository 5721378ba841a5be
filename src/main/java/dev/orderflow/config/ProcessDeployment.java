package dev.orderflow.config;

import dev.orderflow.kafka.InboundBridge;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.DeployResourceCommandStep1;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.client.spring.properties.CamundaClientProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.io.Resource;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Deploys the models ({@code bpmn/*.bpmn}) and forms ({@code forms/*.form}) at start-up, and keeps
 * trying with a capped backoff ({@code orderflow.deployment.retry.*}) while the engine does not
 * take them: on a cold start (docker compose) the application comes up before the engine does.
 * Until the deployment succeeded, the health component {@code processDeployment} is {@code DOWN}
 * and the inbound bridge reads nothing from Kafka (an {@code OrderPlaced} published before its
 * process is deployed would start nothing); once it succeeded, the bridge starts. The job workers
 * poll from the start: they find jobs only once there are instances. With {@code
 * camunda.client.deployment.enabled=false} nothing is deployed and the bridge starts at once.
 */
@Component("processDeploymentHealthIndicator")
public class ProcessDeployment implements SmartLifecycle, HealthIndicator {

  private static final Logger log = LoggerFactory.getLogger(ProcessDeployment.class);

  private final CamundaClient client;
  private final KafkaListenerEndpointRegistry listeners;
  private final DeploymentProperties properties;
  private final boolean enabled;
  private final Clock clock;
  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> Thread.ofPlatform().name("process-deployment").daemon().unstarted(runnable));

  private volatile boolean running;
  private volatile boolean deployed;
  private volatile int attempts;
  private volatile String lastFailure;
  private volatile Instant since;

  public ProcessDeployment(
      CamundaClient client,
      KafkaListenerEndpointRegistry listeners,
      DeploymentProperties properties,
      CamundaClientProperties camunda,
      Clock clock) {
    this.client = client;
    this.listeners = listeners;
    this.properties = properties;
    this.enabled = camunda.getDeployment() == null || camunda.getDeployment().isEnabled();
    this.clock = clock;
  }

  @Override
  public void start() {
    running = true;
    since = clock.instant();
    if (!enabled) {
      log.info("Deployment disabled (camunda.client.deployment.enabled=false)");
      deployed();
      return;
    }
    // the first attempt on the starting thread: when the engine is up, everything is deployed
    // before the application reports it has started, as the SDK's @Deployment did
    attempt();
  }

  private void attempt() {
    if (!running) {
      return;
    }
    attempts++;
    try {
      DeploymentEvent deployment = command().requestTimeout(properties.timeout()).send().join();
      log.info(
          "Deployed {} process(es) and {} form(s), attempt {}",
          deployment.getProcesses().size(),
          deployment.getForm().size(),
          attempts);
      deployed();
    } catch (RuntimeException e) {
      lastFailure = String.valueOf(e.getMessage());
      var wait = properties.retry().after(attempts);
      log.warn(
          "Could not deploy the processes (attempt {}), trying again in {}: {}",
          attempts,
          wait,
          lastFailure);
      if (running) {
        retries.schedule(this::attempt, wait.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  private DeployResourceCommandStep1.DeployResourceCommandStep2 command() {
    List<Resource> resources = properties.deployed();
    DeployResourceCommandStep1 step = client.newDeployResourceCommand();
    DeployResourceCommandStep1.DeployResourceCommandStep2 command = null;
    for (Resource resource : resources) {
      byte[] bytes;
      try {
        bytes = resource.getContentAsByteArray();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + resource, e);
      }
      command =
          command == null
              ? step.addResourceBytes(bytes, resource.getFilename())
              : command.addResourceBytes(bytes, resource.getFilename());
    }
    if (command == null) {
      throw new IllegalStateException(
          "nothing to deploy: no " + String.join(", ", properties.resources()));
    }
    return command;
  }

  private void deployed() {
    deployed = true;
    since = clock.instant();
    if (!running) {
      return;
    }
    MessageListenerContainer bridge = listeners.getListenerContainer(InboundBridge.LISTENER_ID);
    if (bridge != null && !bridge.isRunning()) {
      bridge.start();
    }
  }

  @Override
  public Health health() {
    if (deployed) {
      return Health.up().withDetail("deployedAt", since.toString()).build();
    }
    Health.Builder health = Health.down().withDetail("attempts", attempts);
    if (lastFailure != null) {
      health.withDetail("lastFailure", lastFailure);
    }
    return health.withDetail("since", String.valueOf(since)).build();
  }

  @Override
  public void stop() {
    running = false;
    retries.shutdownNow();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** After the Camunda client and the listener registry have started, before they stop. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 50;
  }
}
