package dev.orderflow.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.ConcurrentModificationException;
import org.slf4j.Marker;

/**
 * Drops the recurring, harmless {@link ConcurrentModificationException} that zeebe-process-test's
 * in-memory store (still selectable in the benchmark: {@code EmbeddedEngine.Store.IN_MEMORY})
 * throws in a background actor, so it does not bury real errors. Everything else from that logger
 * passes.
 */
public class EngineActorNoiseFilter extends TurboFilter {

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (t instanceof ConcurrentModificationException
        && logger.getName().startsWith("io.camunda.zeebe")) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }
}
