package dev.orderflow.tracking;

/** Sends tracking's warnings and summaries. Implemented by the Kafka outbound sender. */
public interface TrackingEvents {

  /** Returns once the warning is durably accepted; throws if it was not. */
  void publish(SlaBreached warning);

  /** Returns once the summary is durably accepted; throws if it was not. */
  void publish(FulfilmentTracked summary);

  /** Returns once the end of tracking is durably accepted; throws if it was not. */
  void publish(TrackingEnded ended);
}
