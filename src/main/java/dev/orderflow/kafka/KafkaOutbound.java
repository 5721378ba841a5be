package dev.orderflow.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * The one outbound sender: every record the application writes goes through it, and it returns only
 * once the broker acknowledged the write (acks=all, idempotent producer); otherwise it throws and
 * the publishing job fails and is retried. It never waits longer than {@code
 * orderflow.outbound.send-timeout}, counted from before the send call. Most events are drawn in the
 * models as Kafka connector tasks ({@link KafkaConnectorWorker}), which give topic (a placeholder
 * of {@code orderflow.outbound.*}), key, value and the {@code type} and {@code eventId} headers;
 * the refunds' {@code RefundRequested} ({@link KafkaOrderEvents}) is written here from Java, keyed
 * by order id, as JSON, with the same headers.
 */
@Component
public class KafkaOutbound {

  public static final String TYPE_HEADER = "type";
  public static final String EVENT_ID_HEADER = "eventId";

  /** What an event is, and so where it goes. */
  public enum Topic {
    /** The order's outcome events: {@code orderflow.outbound.topic}. */
    ORDER_EVENTS
  }

  private final KafkaTemplate<String, byte[]> kafka;
  private final ObjectMapper json;
  private final OutboundProperties properties;

  public KafkaOutbound(
      KafkaTemplate<String, byte[]> kafka, ObjectMapper json, OutboundProperties properties) {
    this.kafka = kafka;
    this.json = json;
    this.properties = properties;
  }

  /** The configured name of the topic. */
  private String nameOf(Topic topic) {
    return switch (topic) {
      case ORDER_EVENTS -> properties.topic();
    };
  }

  /**
   * Writes the event and waits for the broker's acknowledgement.
   *
   * @param orderId the record key
   * @param type the {@code type} header, e.g. {@code OrderConfirmed}
   * @param eventId the {@code eventId} header: stable, so consumers de-duplicate on it
   * @param event serialized as the JSON value
   * @throws IllegalStateException if the broker did not acknowledge in time
   */
  public void send(Topic topic, String orderId, String type, String eventId, Object event) {
    String name = nameOf(topic);
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(name, orderId, serialize(event));
    record.headers().add(TYPE_HEADER, type.getBytes(StandardCharsets.UTF_8));
    record.headers().add(EVENT_ID_HEADER, eventId.getBytes(StandardCharsets.UTF_8));
    send(record, type + " for order " + orderId);
  }

  /**
   * Writes a prepared record and waits for the broker's acknowledgement, at most {@code
   * orderflow.outbound.send-timeout} from before the send call: the model's Kafka connector tasks
   * ({@link KafkaConnectorWorker}) publish through this, with the same guarantees as the events
   * above.
   *
   * @param what what the record is, for the error: e.g. {@code OrderConfirmed for order o-1}
   * @return where the broker wrote it
   * @throws IllegalStateException if the broker did not acknowledge in time, or refused the record
   */
  public RecordMetadata send(ProducerRecord<String, byte[]> record, String what) {
    String name = record.topic();
    // The deadline covers the send call too: it blocks (for metadata, or for room in the buffer)
    // up to the producer's max.block.ms, which start-up checks is not longer (PublishingWorkers).
    long deadline = System.nanoTime() + properties.sendTimeout().toNanos();
    boolean interrupted = false;
    try {
      CompletableFuture<SendResult<String, byte[]>> sent;
      try {
        sent = kafka.send(record);
      } catch (RuntimeException e) {
        throw new IllegalStateException("could not publish " + what + " to " + name + ": " + e, e);
      }
      while (true) {
        try {
          SendResult<String, byte[]> result =
              sent.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          return result == null ? null : result.getRecordMetadata();
        } catch (InterruptedException e) {
          // the worker is stopping: the record is on its way, so wait for the broker's answer
          // rather than fail a job whose event may already be written (the job would run again)
          interrupted = true;
        } catch (ExecutionException | TimeoutException e) {
          Throwable cause =
              e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
          throw new IllegalStateException(
              "could not publish " + what + " to " + name + ": " + cause, cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private byte[] serialize(Object event) {
    try {
      return json.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + event, e);
    }
  }
}
