package dev.orderflow.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.config.CommandRetries;
import dev.orderflow.order.OrderProcess;
import dev.orderflow.payment.PaymentProcess;
import dev.orderflow.testing.OrderflowIntegrationTest;
import dev.orderflow.tracking.TrackingProcess;
import io.camunda.client.annotation.value.JobWorkerValue;
import io.camunda.client.jobhandling.CommandExceptionHandlingStrategy;
import io.camunda.client.jobhandling.JobWorkerManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * As the application opens its job workers: every publishing job type (the models' Kafka connector
 * tasks, the refunds) runs at most {@code orderflow.outbound.max-jobs-active} (8) jobs at once, the
 * other job types keep the SDK's default (32), so a broker that does not answer holds at most 3 x 8
 * of the worker threads.
 */
@OrderflowIntegrationTest
class PublishingWorkerBudgetTest {

  @Autowired JobWorkerManager workers;
  @Autowired CommandExceptionHandlingStrategy commandStrategy;

  @Test
  void publishingJobTypes_runAtMostTheirBudget_otherJobTypesKeepTheDefault() {
    for (String type :
        new String[] {
          KafkaConnectorWorker.TYPE,
          OrderProcess.JOB_REQUEST_REFUND,
          PaymentProcess.JOB_REFUND_PAYMENT
        }) {
      assertThat(maxJobsActive(type)).as(type).isEqualTo(8);
    }
    for (String type :
        new String[] {
          OrderProcess.JOB_RESERVE_INVENTORY,
          OrderProcess.JOB_RELEASE_INVENTORY,
          OrderProcess.JOB_CHECK_PAYMENT,
          OrderProcess.JOB_REJECT_ORDER,
          TrackingProcess.JOB_LOAD_TRACKING_SETTINGS,
          TrackingProcess.JOB_MEASURE_FULFILMENT,
          TrackingProcess.JOB_MEASURE_TRACKING_LEGS
        }) {
      // not budgeted: the SDK applies camunda.client.worker.defaults.max-jobs-active (32)
      assertThat(maxJobsActive(type)).as(type).isNotEqualTo(8);
    }
  }

  /**
   * A completion the engine refuses for backpressure is sent again by every worker, the
   * auto-completing ones too: the application's strategy replaces the SDK's, which sends nothing
   * again, and the workers are allowed the attempts (application.yaml).
   */
  @Test
  void everyWorker_sendsARefusedCompletionAgain() {
    assertThat(commandStrategy).isInstanceOf(CommandRetries.class);
    assertThat(
            workers
                .findJobWorkerConfigByType(OrderProcess.JOB_RESERVE_INVENTORY)
                .map(JobWorkerValue::getMaxRetries))
        .contains(20);
  }

  private int maxJobsActive(String type) {
    return workers
        .findJobWorkerConfigByType(type)
        .map(JobWorkerValue::getMaxJobsActive)
        .orElseThrow(() -> new AssertionError("no worker for " + type));
  }
}
