package dev.orderflow.kafka;

/**
 * A record that can never become a message (not JSON, missing id or key, wrong field type, too
 * large). It goes to the dead-letter topic with this message as the reason; it is never retried.
 */
public class PoisonRecordException extends RuntimeException {

  public PoisonRecordException(String reason) {
    super(reason);
  }

  public PoisonRecordException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
