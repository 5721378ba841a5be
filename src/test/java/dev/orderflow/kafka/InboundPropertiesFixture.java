package dev.orderflow.kafka;

import java.time.Duration;
import org.springframework.util.unit.DataSize;

/** Inbound settings as the binder builds them, for tests that construct them by hand. */
final class InboundPropertiesFixture {

  private InboundPropertiesFixture() {}

  /** The defaults of application.yaml, with this record size limit and stop timeout. */
  static InboundProperties properties(DataSize maxRecordSize, Duration stopTimeout) {
    return new InboundProperties(
        "orderflow-inbound-bridge",
        maxRecordSize,
        Duration.ofSeconds(10),
        32,
        new InboundProperties.Retry(Duration.ofSeconds(1), 2, Duration.ofSeconds(30)),
        stopTimeout);
  }
}
