package dev.orderflow.bench;

import dev.orderflow.payment.PaymentProcess;
import dev.orderflow.testing.EmbeddedEngine;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.intent.MessageIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessMessageSubscriptionIntent;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import io.camunda.zeebe.protocol.record.value.MessageRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessMessageSubscriptionRecordValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The engine's work per order, counted in its record stream: jobs completed (by job type, and
 * settle-payment by its settlement), jobs failed, messages published and messages correlated to a
 * waiting instance (by message name), each divided by the orders the engine ran. It is the evidence
 * that the engine-only yardstick and the application issue the same commands per order.
 *
 * <p>Counted only on an engine with no waiting orders (level 0), where every record belongs to an
 * order of the warm-up or the measured rounds; reading the log copies every record, which at the
 * higher levels would cost the run memory and time it is measuring.
 */
final class EngineWork {

  static final String FACT = "engineWorkPerOrder";

  private EngineWork() {}

  /**
   * The counts per order, keyed {@code job <type>}, {@code job settle-payment = <settlement>},
   * {@code job failed <type>}, {@code message published <name>}, {@code message correlated <name>};
   * values rounded to hundredths.
   */
  static Map<String, Object> perOrder(EmbeddedEngine engine, long orders) {
    Map<String, Long> counts = new TreeMap<>();
    for (Record<?> record : engine.recordsAfter(-1)) {
      if (record.getRecordType() != RecordType.EVENT) {
        continue;
      }
      if (record.getValueType() == ValueType.JOB) {
        JobRecordValue job = (JobRecordValue) record.getValue();
        if (record.getIntent() == JobIntent.COMPLETED) {
          counts.merge("job " + job.getType(), 1L, Long::sum);
          if (PaymentProcess.JOB_SETTLE_PAYMENT.equals(job.getType())) {
            counts.merge(
                "job "
                    + job.getType()
                    + " = "
                    + job.getVariables().get(PaymentProcess.VAR_SETTLEMENT),
                1L,
                Long::sum);
          }
        } else if (record.getIntent() == JobIntent.FAILED
            || record.getIntent() == JobIntent.ERROR_THROWN) {
          counts.merge("job failed " + job.getType(), 1L, Long::sum);
        }
      } else if (record.getValueType() == ValueType.MESSAGE
          && record.getIntent() == MessageIntent.PUBLISHED) {
        counts.merge(
            "message published " + ((MessageRecordValue) record.getValue()).getName(),
            1L,
            Long::sum);
      } else if (record.getValueType() == ValueType.PROCESS_MESSAGE_SUBSCRIPTION
          && record.getIntent() == ProcessMessageSubscriptionIntent.CORRELATED) {
        counts.merge(
            "message correlated "
                + ((ProcessMessageSubscriptionRecordValue) record.getValue()).getMessageName(),
            1L,
            Long::sum);
      }
    }
    Map<String, Object> perOrder = new LinkedHashMap<>();
    perOrder.put("orders", orders);
    counts.forEach((name, count) -> perOrder.put(name, Math.round(100.0 * count / orders) / 100.0));
    return perOrder;
  }
}
