package dev.orderflow.tracking;

import java.util.Arrays;

/**
 * The milestones of the fulfilment chain that have an SLA, named as in configuration ({@code
 * orderflow.tracking.sla.<id>}), in the BPMN's task header {@value TrackingProcess#HEADER_MILESTONE}
 * and in the {@code milestone} field and metric tag of {@code SlaBreached}.
 */
public enum Milestone {
  PAYMENT("payment"),
  DISPATCH("dispatch"),
  DELIVERY("delivery");

  private final String id;

  Milestone(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** The milestone a task header names; an unknown name is a modelling error, not a duplicate. */
  public static Milestone of(String id) {
    return Arrays.stream(values())
        .filter(m -> m.id.equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown milestone " + id + "; expected one of payment, dispatch, delivery"));
  }
}
