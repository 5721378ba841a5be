package dev.orderflow.kafka;

/**
 * The bridge is stopping: the record was not published (or its publish not answered in time). It is
 * left uncommitted for redelivery; not a refusal by the engine.
 */
class BridgeStoppingException extends RuntimeException {

  BridgeStoppingException() {
    super("the bridge is stopping; the record is left for redelivery", null, false, false);
  }
}
