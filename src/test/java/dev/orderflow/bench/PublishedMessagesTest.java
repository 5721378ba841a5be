package dev.orderflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PublishedMessagesTest {

  @Test
  void sidesTakeTurnsGoingFirst_soThatNeitherAlwaysPublishesIntoTheOthersState() {
    PublishedMessages.Side raw = side("publish");
    PublishedMessages.Side bridge = side("bridge");

    assertThat(PublishedMessages.inTurn(0, raw, bridge)).as("warm-up").containsExactly(raw, bridge);
    assertThat(IntStream.rangeClosed(1, 4).mapToObj(r -> PublishedMessages.inTurn(r, raw, bridge)))
        .extracting(order -> order.getFirst().label())
        .containsExactly("publish", "bridge", "publish", "bridge");
  }

  private static PublishedMessages.Side side(String label) {
    return new PublishedMessages.Side(null, label, "messages", label + "-", (prefix, count) -> 0L);
  }
}
