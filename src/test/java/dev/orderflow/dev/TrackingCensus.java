package dev.orderflow.dev;

import dev.orderflow.testing.EmbeddedEngine;
import dev.orderflow.tracking.TrackingProcess;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.MessageStartEventSubscriptionIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The tracking instances the engine holds, read from its record stream: every instance of {@value
 * TrackingProcess#PROCESS_ID} that was activated, and those not yet completed or terminated, each
 * with the order id its starting message carried.
 *
 * @param started how many tracking instances were started
 * @param activeByOrder the order ids of the instances still active, with how many each has
 */
record TrackingCensus(int started, Map<String, Integer> activeByOrder) {

  static TrackingCensus of(EmbeddedEngine engine) {
    Set<Long> started = new HashSet<>();
    Set<Long> ended = new HashSet<>();
    stream(engine.records().processInstanceRecords())
        .filter(r -> r.getValue().getBpmnElementType() == BpmnElementType.PROCESS)
        .filter(r -> TrackingProcess.PROCESS_ID.equals(r.getValue().getBpmnProcessId()))
        .forEach(
            r -> {
              if (r.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATED) {
                started.add(r.getKey());
              } else if (r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED
                  || r.getIntent() == ProcessInstanceIntent.ELEMENT_TERMINATED) {
                ended.add(r.getKey());
              }
            });
    Map<Long, String> orderOf = new HashMap<>();
    stream(engine.records().messageStartEventSubscriptionRecords())
        .filter(r -> r.getIntent() == MessageStartEventSubscriptionIntent.CORRELATED)
        .map(Record::getValue)
        .filter(v -> TrackingProcess.PROCESS_ID.equals(v.getBpmnProcessId()))
        .forEach(v -> orderOf.put(v.getProcessInstanceKey(), v.getCorrelationKey()));
    Map<String, Integer> active = new HashMap<>();
    started.stream()
        .filter(key -> !ended.contains(key))
        .forEach(key -> active.merge(orderOf.getOrDefault(key, "unknown"), 1, Integer::sum));
    return new TrackingCensus(started.size(), active);
  }

  /** How many tracking instances are still active. */
  int active() {
    return activeByOrder.values().stream().mapToInt(Integer::intValue).sum();
  }

  private static <T> Stream<T> stream(Iterable<T> records) {
    return StreamSupport.stream(records.spliterator(), false);
  }
}
