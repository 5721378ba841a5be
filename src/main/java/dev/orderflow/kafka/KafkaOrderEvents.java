package dev.orderflow.kafka;

import dev.orderflow.order.OrderEvent;
import dev.orderflow.order.OrderEvents;
import org.springframework.stereotype.Component;

/**
 * Order events through the outbound sender: to {@code orderflow.outbound.topic}, keyed by order id,
 * with {@code type} and {@code eventId} headers, acknowledged by the broker before it returns.
 */
@Component
public class KafkaOrderEvents implements OrderEvents {

  public static final String TYPE_HEADER = KafkaOutbound.TYPE_HEADER;
  public static final String EVENT_ID_HEADER = KafkaOutbound.EVENT_ID_HEADER;

  private final KafkaOutbound outbound;

  public KafkaOrderEvents(KafkaOutbound outbound) {
    this.outbound = outbound;
  }

  @Override
  public void publish(OrderEvent event) {
    outbound.send(
        KafkaOutbound.Topic.ORDER_EVENTS, event.orderId(), event.type(), event.eventId(), event);
  }
}
