package dev.orderflow.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.config.DeploymentProperties;
import io.camunda.client.jobhandling.CommandExceptionHandlingStrategy;
import io.camunda.client.metrics.MetricsRecorder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

/**
 * The start-up check of the models' Kafka connector tasks: the deployed models pass, with their
 * topic placeholders resolved from application.yaml; a setting Orderflow does not support stops the
 * application, naming the process, the element and the setting.
 */
class KafkaConnectorModelsTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(DeploymentProperties.class)
  static class DeployedModels {}

  private final ApplicationContextRunner application =
      new ApplicationContextRunner().withInitializer(new ConfigDataApplicationContextInitializer());

  @Test
  void deployedModels_passTheCheck() {
    application
        .withUserConfiguration(KafkaConnectorModels.class, DeployedModels.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(KafkaConnectorModels.class).tasks())
                  .extracting(t -> t.process() + "/" + t.element())
                  .containsExactlyInAnyOrder(
                      "order-process/PublishOrderConfirmedTask",
                      "order-process/PublishOrderTimedOutTask",
                      "order-process/PublishOrderRejectedTask",
                      "order-tracking/PublishPaymentSlaBreachedTask",
                      "order-tracking/PublishDispatchSlaBreachedTask",
                      "order-tracking/PublishDeliverySlaBreachedTask",
                      "order-tracking/PublishTrackingEndedOnOutcomeTask",
                      "order-tracking/PublishTrackingEndedAtHorizonTask",
                      "order-tracking/PublishFulfilmentTrackedTask");
            });
  }

  @Test
  void topicPlaceholderTheConfigurationCannotResolve_isRefusedAtStartUp() {
    application
        .withBean(
            KafkaConnectorModels.class,
            () ->
                new KafkaConnectorModels(
                    new MockEnvironment(), "classpath:/models/kafka-connector-notes.bpmn"))
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("process kafka-connector-notes, element PublishNoteTask")
                    .hasMessageContaining("${orderflow.test.notes-topic} cannot be resolved"));
  }

  /** A job from a model the application did not deploy: refused when it comes, without retries. */
  @Test
  void jobWithCredentials_isRefusedNamingTheSetting() {
    KafkaConnectorWorker worker =
        new KafkaConnectorWorker(
            mock(KafkaOutbound.class),
            new ObjectMapper(),
            new MockEnvironment(),
            mock(ApplicationEventPublisher.class),
            mock(CommandExceptionHandlingStrategy.class),
            mock(MetricsRecorder.class));
    Map<String, Object> variables =
        Map.of(
            "topic", Map.of("topicName", "notes"),
            "message", Map.of("key", "k", "value", Map.of("a", 1)),
            "authentication", Map.of("username", "alice", "password", "secret"));

    assertThatThrownBy(() -> worker.record(variables, "other/PublishTask"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("other/PublishTask")
        .hasMessageContaining("authentication is not supported");
  }

  @Test
  void perElementBootstrapServers_areRefusedAtStartUp_namingProcessElementAndSetting() {
    application
        .withBean(
            KafkaConnectorModels.class,
            () ->
                new KafkaConnectorModels(
                    new MockEnvironment(), "classpath:/models/kafka-connector-unsupported.bpmn"))
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("process kafka-connector-unsupported")
                    .hasMessageContaining("element PublishOrFailTask")
                    .hasMessageContaining("topic.bootstrapServers"));
  }
}
