package dev.orderflow.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.order.OrderProcess;
import dev.orderflow.order.RejectOrderWorker;
import dev.orderflow.payment.CheckPaymentWorker;
import dev.orderflow.payment.RequestRefundWorker;
import io.camunda.client.spring.properties.CamundaClientProperties;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * A publishing job's time is bounded below the job timeout: with the application's producer
 * settings, a send to a broker that cannot be reached fails within {@code send-timeout}, and
 * settings that would let a job outlive its timeout, or let publishing jobs take every worker
 * thread, are refused at start-up.
 */
class KafkaOutboundTimeoutTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties({
    KafkaProperties.class,
    CamundaClientProperties.class,
    OutboundProperties.class
  })
  @Import(PublishingWorkers.class)
  static class Config {}

  private final ApplicationContextRunner application =
      new ApplicationContextRunner()
          .withInitializer(new ConfigDataApplicationContextInitializer())
          .withUserConfiguration(Config.class);

  @Test
  void brokerUnreachable_sendFailsWithinTheSendTimeout_wellBelowTheJobTimeout() throws Exception {
    AtomicReference<Duration> took = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort(); // closed below: nothing listens there
    }
    application.run(
        context -> {
          Map<String, Object> producer =
              new HashMap<>(context.getBean(KafkaProperties.class).buildProducerProperties(null));
          producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + port);
          DefaultKafkaProducerFactory<String, byte[]> factory =
              new DefaultKafkaProducerFactory<>(producer);
          try {
            KafkaOutbound outbound =
                new KafkaOutbound(
                    new KafkaTemplate<>(factory),
                    new ObjectMapper(),
                    context.getBean(OutboundProperties.class));
            long start = System.nanoTime();
            try {
              outbound.send(
                  KafkaOutbound.Topic.ORDER_EVENTS, "order-1", "OrderConfirmed", "e-1", Map.of());
            } catch (RuntimeException e) {
              failure.set(e);
            }
            took.set(Duration.ofNanos(System.nanoTime() - start));
          } finally {
            factory.destroy();
          }
        });

    assertThat(failure.get())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("could not publish OrderConfirmed for order order-1");
    assertThat(took.get())
        .as("time the publishing job waited")
        .isLessThanOrEqualTo(Duration.ofSeconds(11)) // send-timeout 10s, and a little
        .isLessThan(Duration.ofSeconds(15)); // half the job timeout (30s)
  }

  @Test
  void sendTimeoutNotWellBelowTheJobTimeout_isRefusedAtStartUp() {
    application
        .withPropertyValues("orderflow.outbound.send-timeout=20s")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("orderflow.outbound.send-timeout (PT20S)")
                    .hasMessageContaining("camunda.client.worker.defaults.timeout (PT30S)"));
  }

  @Test
  void producerMayBlockLongerThanTheSendTimeout_isRefusedAtStartUp() {
    application
        .withPropertyValues("spring.kafka.producer.properties.max.block.ms=60000")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("max.block.ms (60000)"));
  }

  @Test
  void publishingWorkers_areThoseThatWriteToKafka() {
    assertThat(PublishingWorkers.publishes(KafkaConnectorWorker.class)).isTrue();
    assertThat(PublishingWorkers.publishes(RequestRefundWorker.class)).isTrue();
    assertThat(PublishingWorkers.publishes(RejectOrderWorker.class)).isFalse();
    assertThat(PublishingWorkers.publishes(CheckPaymentWorker.class)).isFalse();
  }

  @Test
  void publishingJobTypesMayHoldEveryWorkerThread_isRefusedAtStartUp() {
    application
        .withPropertyValues("camunda.client.execution-threads=4")
        .run(
            context -> {
              PublishingWorkers workers = context.getBean(PublishingWorkers.class);
              assertThatThrownBy(
                      () -> {
                        workers.budget(KafkaConnectorWorker.TYPE);
                        workers.budget(OrderProcess.JOB_REQUEST_REFUND);
                      })
                  .hasMessageContaining("camunda.client.execution-threads (4) must be more");
            });
  }
}
