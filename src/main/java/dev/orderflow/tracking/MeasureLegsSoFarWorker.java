package dev.orderflow.tracking;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Job {@value TrackingProcess#JOB_MEASURE_TRACKING_LEGS}: the tracking ends without a delivery (the
 * outcome said the order will not ship, or the horizon passed). Returns the legs measured so far
 * (those whose two milestones were seen, ISO-8601 durations) as process variables, so the ended
 * instance shows them in Operate, and for the model's {@code TrackingEnded} event {@value
 * TrackingProcess#VAR_SEEN_MILESTONES} (the milestones seen, in the order of the chain) and {@value
 * TrackingProcess#VAR_LEGS_SO_FAR} (the legs, by name). Idempotent.
 */
@Component
public class MeasureLegsSoFarWorker {

  @JobWorker(type = TrackingProcess.JOB_MEASURE_TRACKING_LEGS)
  public Map<String, Object> measure(@VariablesAsType TrackingVariables tracking) {
    tracking.requiredOrderId();
    Map<String, Object> legs = new LinkedHashMap<>();
    tracking.legsSoFar().forEach((leg, duration) -> legs.put(leg, duration.toString()));
    Map<String, Object> variables = new LinkedHashMap<>(legs);
    variables.put(TrackingProcess.VAR_SEEN_MILESTONES, tracking.seen());
    variables.put(TrackingProcess.VAR_LEGS_SO_FAR, legs);
    return variables;
  }
}
