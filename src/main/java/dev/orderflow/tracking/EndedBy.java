package dev.orderflow.tracking;

import java.util.Arrays;

/**
 * Why a tracking instance ended without a delivery, as the task header {@value
 * TrackingProcess#HEADER_ENDED_BY} of {@value TrackingProcess#JOB_PUBLISH_TRACKING_ENDED} names it
 * and {@code TrackingEnded} reports it.
 */
public enum EndedBy {
  /** An outcome on {@code orders.events} said the order will not ship. */
  OUTCOME("outcome"),
  /** Neither delivered nor ended by an outcome within {@code orderflow.tracking.horizon}. */
  HORIZON("horizon");

  private final String id;

  EndedBy(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** The reason a task header names; an unknown name is a modelling error. */
  public static EndedBy of(String id) {
    return Arrays.stream(values())
        .filter(e -> e.id.equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown "
                        + TrackingProcess.HEADER_ENDED_BY
                        + " "
                        + id
                        + "; expected outcome or horizon"));
  }
}
