package dev.orderflow.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * Turns Kafka records into engine messages, one route per topic: translate, publish, acknowledge.
 * The offset is acknowledged only after the engine accepted the message (or dropped it as a
 * duplicate), so a crash in between means redelivery, which the message id makes harmless. Bad
 * records go to the dead-letter topic; an unavailable engine is retried (see {@link
 * KafkaConfig}).
 */
@Component
public class InboundBridge {

  private static final Logger log = LoggerFactory.getLogger(InboundBridge.class);

  private final RecordTranslator translator;
  private final EngineMessageGateway engine;
  private final InboundProperties properties;
  private final MeterRegistry metrics;

  public InboundBridge(
      RecordTranslator translator,
      EngineMessageGateway engine,
      InboundProperties properties,
      MeterRegistry metrics) {
    this.translator = translator;
    this.engine = engine;
    this.properties = properties;
    this.metrics = metrics;
  }

  /** The subscribed topics, read by the listener annotation below. */
  public String[] topics() {
    return properties.topics().toArray(String[]::new);
  }

  @KafkaListener(
      id = "inbound-bridge",
      topics = "#{__listener.topics()}",
      groupId = "${orderflow.inbound.group-id}")
  public void onRecord(ConsumerRecord<String, byte[]> record, Acknowledgment ack) {
    MDC.put("orderId", RecordTranslator.orderIdOf(record));
    try {
      InboundMessage message = translator.translate(record);
      Timer.Sample sample = Timer.start(metrics);
      EngineMessageGateway.Outcome outcome = engine.publish(message);
      sample.stop(metrics.timer("orderflow.inbound.publish", "route", message.route()));
      count(message.route(), outcome == EngineMessageGateway.Outcome.PUBLISHED ? "published" : "duplicate");
      log.debug(
          "{} {} for order {} from {}-{}@{}: {}",
          message.messageName(),
          message.messageId(),
          message.correlationKey(),
          record.topic(),
          record.partition(),
          record.offset(),
          outcome);
      ack.acknowledge();
    } finally {
      MDC.remove("orderId");
    }
  }

  void count(String route, String outcome) {
    metrics.counter("orderflow.inbound.records", "route", route, "outcome", outcome).increment();
  }
}
