package dev.orderflow.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.order.OrderEvent;
import dev.orderflow.order.OrderEvents;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * The one outbound sender: order events go to {@code orderflow.outbound.topic}, keyed by order id,
 * with {@code type} and {@code eventId} headers. It returns only once the broker acknowledged the
 * write (acks=all, idempotent producer); otherwise it throws and the job fails and is retried.
 */
@Component
public class KafkaOrderEvents implements OrderEvents {

  public static final String TYPE_HEADER = "type";
  public static final String EVENT_ID_HEADER = "eventId";

  private final KafkaTemplate<String, byte[]> kafka;
  private final ObjectMapper json;
  private final OutboundProperties properties;

  public KafkaOrderEvents(
      KafkaTemplate<String, byte[]> kafka, ObjectMapper json, OutboundProperties properties) {
    this.kafka = kafka;
    this.json = json;
    this.properties = properties;
  }

  @Override
  public void publish(OrderEvent event) {
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(properties.topic(), event.orderId(), serialize(event));
    record.headers().add(TYPE_HEADER, event.type().getBytes(StandardCharsets.UTF_8));
    record.headers().add(EVENT_ID_HEADER, event.eventId().getBytes(StandardCharsets.UTF_8));
    CompletableFuture<?> sent = kafka.send(record);
    boolean interrupted = false;
    long deadline = System.nanoTime() + properties.sendTimeout().toNanos();
    try {
      while (true) {
        try {
          sent.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          return;
        } catch (InterruptedException e) {
          // the worker is stopping: the record is on its way, so wait for the broker's answer
          // rather than fail a job whose event may already be written (the job would run again)
          interrupted = true;
        } catch (ExecutionException | TimeoutException e) {
          throw failure(event, e);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private byte[] serialize(OrderEvent event) {
    try {
      return json.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + event, e);
    }
  }

  private IllegalStateException failure(OrderEvent event, Exception e) {
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    return new IllegalStateException(
        "could not publish "
            + event.type()
            + " for order "
            + event.orderId()
            + " to "
            + properties.topic()
            + ": "
            + cause,
        cause);
  }
}
