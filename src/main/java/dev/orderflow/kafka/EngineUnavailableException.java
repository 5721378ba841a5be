package dev.orderflow.kafka;

/** The engine did not accept a message this time; the record is retried, never skipped. */
public class EngineUnavailableException extends RuntimeException {

  public EngineUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
