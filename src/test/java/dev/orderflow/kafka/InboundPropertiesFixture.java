package dev.orderflow.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.util.unit.DataSize;

/** Inbound settings as the binder builds them, for tests that construct them by hand. */
final class InboundPropertiesFixture {

  private InboundPropertiesFixture() {}

  /** The payment route as application.yaml has it (amount only, no second message), on a topic. */
  static InboundProperties.Route paymentRoute(String topic) {
    return new InboundProperties.Route(
        "payment-captured",
        topic,
        "PaymentCaptured",
        "",
        "/eventId",
        Duration.ofHours(2),
        Map.of("amount", FieldType.NUMBER),
        List.of("amount"),
        Map.of(),
        "orderId");
  }

  /** The defaults of application.yaml with these routes, keyed by their names, in order. */
  static InboundProperties withRoutes(DataSize maxRecordSize, InboundProperties.Route... routes) {
    return withRoutes(maxRecordSize, Duration.ofSeconds(5), routes);
  }

  /** As above, with this stop timeout. */
  static InboundProperties withRoutes(
      DataSize maxRecordSize, Duration stopTimeout, InboundProperties.Route... routes) {
    Map<String, InboundProperties.Route> byName = new LinkedHashMap<>();
    for (InboundProperties.Route route : routes) {
      byName.put(route.name(), route);
    }
    return new InboundProperties(
        "orderflow-inbound-bridge",
        maxRecordSize,
        Duration.ofSeconds(10),
        32,
        new InboundProperties.Retry(Duration.ofSeconds(1), 2, Duration.ofSeconds(30)),
        byName,
        stopTimeout);
  }
}
