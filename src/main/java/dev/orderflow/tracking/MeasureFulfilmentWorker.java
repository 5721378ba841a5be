package dev.orderflow.tracking;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Job {@value TrackingProcess#JOB_MEASURE_FULFILMENT}: measures the legs of the complete chain and
 * returns them as process variables (ISO-8601 durations), so the ended instance shows them in
 * Operate and the model's next task ({@value TrackingProcess#TASK_PUBLISH_FULFILMENT_TRACKED},
 * Camunda's Kafka connector) publishes them in {@code FulfilmentTracked}. Idempotent.
 */
@Component
public class MeasureFulfilmentWorker {

  @JobWorker(type = TrackingProcess.JOB_MEASURE_FULFILMENT)
  public Map<String, Object> measure(@VariablesAsType TrackingVariables tracking) {
    tracking.requiredOrderId();
    return tracking.legs().asVariables();
  }
}
