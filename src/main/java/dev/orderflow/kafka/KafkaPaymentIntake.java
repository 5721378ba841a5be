package dev.orderflow.kafka;

import dev.orderflow.order.OrderProcess;
import dev.orderflow.payment.PaymentIntake;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * How far the bridge has taken in the payments and orders topics, from Kafka itself, so it holds
 * for any number of application instances: the bridge's committed offset (it commits only what the
 * engine accepted) on the partition that the order's key maps to, against the first offset stamped
 * at or after the time asked about ({@code offsetsForTimes}), or the end of the partition if none
 * is. Assumes the producers' default partitioning of string keys (murmur2), as the bridge's own
 * per-order ordering does.
 */
@Component
public class KafkaPaymentIntake implements PaymentIntake, DisposableBean {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final KafkaAdmin kafkaAdmin;
  private final ConsumerFactory<?, ?> consumers;
  private final String groupId;
  private final String topic;
  private final String ordersTopic;
  private Admin admin;
  private Consumer<?, ?> consumer;

  public KafkaPaymentIntake(
      KafkaAdmin kafkaAdmin,
      ConsumerFactory<?, ?> consumers,
      InboundProperties inbound,
      ModelRoutes routes) {
    this.kafkaAdmin = kafkaAdmin;
    this.consumers = consumers;
    this.groupId = inbound.groupId();
    this.topic = topicOf(routes, OrderProcess.MESSAGE_PAYMENT_CAPTURED);
    this.ordersTopic = topicOf(routes, OrderProcess.MESSAGE_ORDER_PLACED);
  }

  private static String topicOf(ModelRoutes routes, String messageName) {
    return routes
        .topicOf(messageName)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no element of the models receives " + messageName + " from Kafka"));
  }

  @Override
  public boolean takenInUpTo(String orderId, Instant time) {
    return takenInUpTo(topic, orderId, time);
  }

  @Override
  public boolean ordersTakenInUpTo(String orderId, Instant time) {
    return takenInUpTo(ordersTopic, orderId, time);
  }

  private synchronized boolean takenInUpTo(String topic, String orderId, Instant time) {
    Consumer<?, ?> probe = consumer();
    int partitions = probe.partitionsFor(topic, TIMEOUT).size();
    TopicPartition partition =
        new TopicPartition(
            topic,
            Utils.toPositive(Utils.murmur2(orderId.getBytes(StandardCharsets.UTF_8))) % partitions);
    OffsetAndTimestamp first =
        probe.offsetsForTimes(Map.of(partition, time.toEpochMilli()), TIMEOUT).get(partition);
    long needed =
        first != null
            ? first.offset()
            : probe.endOffsets(List.of(partition), TIMEOUT).get(partition);
    return committed(partition) >= needed;
  }

  private long committed(TopicPartition partition) {
    try {
      OffsetAndMetadata offset =
          admin()
              .listConsumerGroupOffsets(groupId)
              .partitionsToOffsetAndMetadata()
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .get(partition);
      return offset == null ? 0 : offset.offset();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading the bridge's offsets", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not read the bridge's offsets of " + partition, e);
    }
  }

  private Consumer<?, ?> consumer() {
    if (consumer == null) {
      // no group: the probe only reads offsets and timestamps, it never subscribes or commits
      consumer = consumers.createConsumer(groupId + "-intake-probe", "-intake-probe");
    }
    return consumer;
  }

  private Admin admin() {
    if (admin == null) {
      admin = Admin.create(kafkaAdmin.getConfigurationProperties());
    }
    return admin;
  }

  @Override
  public synchronized void destroy() {
    if (consumer != null) {
      consumer.close(TIMEOUT);
    }
    if (admin != null) {
      admin.close(TIMEOUT);
    }
  }
}
