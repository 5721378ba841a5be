package dev.orderflow.tracking;

import java.util.Arrays;

/**
 * The milestones of the fulfilment chain that have an SLA, named as in configuration ({@code
 * orderflow.tracking.sla.<id>}), and in the {@code milestone} field (written by the BPMN's SLA
 * warning tasks) and metric tag of {@code SlaBreached}.
 */
public enum Milestone {
  PAYMENT("payment", TrackingProcess.VAR_SLA_PAYMENT),
  DISPATCH("dispatch", TrackingProcess.VAR_SLA_DISPATCH),
  DELIVERY("delivery", TrackingProcess.VAR_SLA_DELIVERY);

  private final String id;
  private final String slaVariable;

  Milestone(String id, String slaVariable) {
    this.id = id;
    this.slaVariable = slaVariable;
  }

  public String id() {
    return id;
  }

  /** The process variable that holds this milestone's SLA, read by its timer. */
  public String slaVariable() {
    return slaVariable;
  }

  /** The milestone an event names; an unknown name is a modelling error, not a duplicate. */
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
