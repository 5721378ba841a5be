package dev.orderflow.testing;

import io.camunda.zeebe.logstreams.log.LogStreamReader;
import io.camunda.zeebe.logstreams.log.LoggedEvent;
import io.camunda.zeebe.protocol.impl.record.RecordMetadata;
import io.camunda.zeebe.protocol.impl.record.value.job.JobRecord;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.util.buffer.BufferUtil;
import java.util.function.LongSupplier;
import org.agrona.DirectBuffer;

/**
 * How many jobs of one type the engine has completed, read from its log as it grows (nothing is
 * kept but the count): the engine's own record, where a worker's client may have missed the answer
 * to its completion (its deadline passed while a busy engine had the command queued).
 */
final class JobCompletions implements LongSupplier {

  private final LogTail log;
  private final DirectBuffer type;
  private final RecordMetadata metadata = new RecordMetadata();
  private final JobRecord job = new JobRecord();
  private long completed;

  JobCompletions(LogStreamReader reader, String type) {
    this.log = new LogTail(reader);
    this.type = BufferUtil.wrapString(type);
  }

  @Override
  public synchronized long getAsLong() {
    log.readNew(this::count);
    return completed;
  }

  private void count(LoggedEvent event) {
    metadata.reset();
    event.readMetadata(metadata);
    if (metadata.getValueType() == ValueType.JOB
        && metadata.getRecordType() == RecordType.EVENT
        && metadata.getIntent() == JobIntent.COMPLETED) {
      job.reset();
      event.readValue(job);
      if (BufferUtil.equals(job.getTypeBuffer(), type)) {
        completed++;
      }
    }
  }
}
