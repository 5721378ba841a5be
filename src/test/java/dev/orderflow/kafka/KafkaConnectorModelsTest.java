package dev.orderflow.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The start-up check of the models' Kafka connector tasks: the deployed models pass, with their
 * topic placeholders resolved from application.yaml; a setting Orderflow does not support stops the
 * application, naming the process, the element and the setting.
 */
class KafkaConnectorModelsTest {

  private final ApplicationContextRunner application =
      new ApplicationContextRunner().withInitializer(new ConfigDataApplicationContextInitializer());

  @Test
  void deployedModels_passTheCheck() {
    application
        .withUserConfiguration(KafkaConnectorModels.class)
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void perElementBootstrapServers_areRefusedAtStartUp_namingProcessElementAndSetting() {
    application
        .withBean(
            KafkaConnectorModels.class,
            () ->
                new KafkaConnectorModels(
                    new org.springframework.mock.env.MockEnvironment(),
                    "classpath:/models/kafka-connector-unsupported.bpmn"))
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
