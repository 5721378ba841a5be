package dev.orderflow.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.kafka.core.KafkaAdmin;

/** The {@code kafka} health indicator when the broker is gone: DOWN, with the reason. */
class KafkaHealthTest {

  @Test
  void brokerGone_kafkaHealthIsDown_withTheReason() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort(); // closed below: nothing listens there
    }
    KafkaHealth kafka =
        new KafkaHealth(
            new KafkaAdmin(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + port)));
    try {
      Health health = kafka.health();

      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat(health.getDetails()).containsKey("error");
    } finally {
      kafka.destroy();
    }
  }
}
