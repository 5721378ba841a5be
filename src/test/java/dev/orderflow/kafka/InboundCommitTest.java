package dev.orderflow.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.verify;

import dev.orderflow.testing.EmbeddedEngine;
import dev.orderflow.testing.OrderJson;
import dev.orderflow.testing.OrderflowIntegrationTest;
import dev.orderflow.testing.OrderflowKafka;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/** The offset of a record is committed only after the engine accepted its message. */
@OrderflowIntegrationTest
class InboundCommitTest {

  @MockitoSpyBean EngineMessageGateway gateway;
  @Autowired EmbeddedEngine engine;

  // this context's broker: @EmbeddedKafka also sets spring.kafka.bootstrap-servers as a system
  // property, which names whichever broker started last once several contexts are cached
  @Autowired EmbeddedKafkaBroker broker;

  @Value("${orderflow.inbound.group-id}")
  String groupId;

  @Test
  void recordWhosePublishFailed_isNotCommitted_andIsPublishedOnceTheEngineAccepts() {
    AtomicBoolean engineDown = new AtomicBoolean(true);
    doAnswer(
            invocation -> {
              if (engineDown.get()) {
                return CompletableFuture.failedFuture(
                    new EngineUnavailableException("engine unavailable (test)", null));
              }
              return invocation.callRealMethod();
            })
        .when(gateway)
        .publish(any());
    String orderId = "order-" + UUID.randomUUID();

    try (OrderflowKafka kafka = new OrderflowKafka(broker.getBrokersAsString())) {
      RecordMetadata sent =
          kafka.send("orders.placed", orderId, OrderJson.orderPlaced(orderId, "SKU-ANY", 1));
      TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  verify(gateway, atLeast(3))
                      .publish(argThat(m -> orderId.equals(m.getFirst().correlationKey()))));
      OffsetAndMetadata whileDown = kafka.committedOffsets(groupId).get(partition);
      assertThat(whileDown == null ? 0 : whileDown.offset())
          .as("committed offset while the engine refuses")
          .isLessThanOrEqualTo(sent.offset());
      assertThat(engine.instancesStartedFor(orderId)).isEmpty();

      engineDown.set(false);

      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> kafka.committedOffsets(groupId).get(partition),
              committed -> committed != null && committed.offset() == sent.offset() + 1);
      assertThat(engine.instancesStartedFor(orderId)).hasSize(1);
    }
  }
}
