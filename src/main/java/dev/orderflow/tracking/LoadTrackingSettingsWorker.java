package dev.orderflow.tracking;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.ProcessInstanceKey;
import io.camunda.client.annotation.VariablesAsType;
import io.camunda.client.exception.CamundaError;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Job {@value TrackingProcess#JOB_LOAD_TRACKING_SETTINGS}. First claims the order's tracking for
 * this instance: an instance that a buffered milestone message started after the order's tracking
 * had ended finds it owned by another and ends with the BPMN error {@value
 * TrackingProcess#ERROR_DUPLICATE_TRACKING}. Then returns the SLA durations and the horizon from
 * configuration as the variables the timers read, so the tracked messages carry no settings.
 */
@Component
public class LoadTrackingSettingsWorker {

  private final TrackingRegistry registry;
  private final TrackingProperties properties;

  public LoadTrackingSettingsWorker(TrackingRegistry registry, TrackingProperties properties) {
    this.registry = registry;
    this.properties = properties;
  }

  @JobWorker(type = TrackingProcess.JOB_LOAD_TRACKING_SETTINGS)
  public Map<String, Object> load(
      @VariablesAsType TrackingVariables tracking, @ProcessInstanceKey long processInstanceKey) {
    String orderId = tracking.requiredOrderId();
    if (!registry.claim(orderId, processInstanceKey)) {
      throw CamundaError.bpmnError(
          TrackingProcess.ERROR_DUPLICATE_TRACKING,
          "order " + orderId + " is tracked by instance " + registry.owner(orderId).orElse(null));
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    for (Milestone milestone : Milestone.values()) {
      settings.put(milestone.slaVariable(), properties.sla().of(milestone).toString());
    }
    settings.put(TrackingProcess.VAR_TRACKING_HORIZON, properties.horizon().toString());
    return settings;
  }
}
