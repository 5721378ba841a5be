package dev.orderflow.testing;

import io.camunda.zeebe.logstreams.log.LogStreamReader;
import io.camunda.zeebe.logstreams.log.LoggedEvent;
import java.util.function.Consumer;

/** Reads the engine's log from where the last call stopped: each event once, in log order. */
final class LogTail {

  private final LogStreamReader reader;
  private long lastPosition = -1;

  LogTail(LogStreamReader reader) {
    this.reader = reader;
  }

  /** Hands every event written since the last call to {@code onEvent}. Not thread-safe. */
  void readNew(Consumer<LoggedEvent> onEvent) {
    if (lastPosition < 0) {
      reader.seekToFirstEvent();
    } else {
      reader.seekToNextEvent(lastPosition);
    }
    while (reader.hasNext()) {
      LoggedEvent event = reader.next();
      onEvent.accept(event);
      lastPosition = event.getPosition();
    }
  }
}
