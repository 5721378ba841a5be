package dev.orderflow.testing;

import io.camunda.zeebe.logstreams.log.LogStreamReader;
import io.camunda.zeebe.logstreams.log.LoggedEvent;
import io.camunda.zeebe.process.test.api.RecordStreamSource;
import io.camunda.zeebe.protocol.impl.record.CopiedRecord;
import io.camunda.zeebe.protocol.impl.record.RecordMetadata;
import io.camunda.zeebe.protocol.impl.record.UnifiedRecordValue;
import io.camunda.zeebe.protocol.record.Record;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything the engine wrote, as records: read from the log on demand, from where the last call
 * stopped, and handed out as a snapshot that a reader may iterate while the engine goes on writing.
 */
final class EngineRecords implements RecordStreamSource {

  private final LogTail log;
  private final int partitionId;
  private final List<Record<?>> records = new ArrayList<>();

  EngineRecords(LogStreamReader reader, int partitionId) {
    this.log = new LogTail(reader);
    this.partitionId = partitionId;
  }

  @Override
  public synchronized Iterable<Record<?>> getRecords() {
    readNew();
    return Arrays.asList(records.toArray(new Record<?>[0]));
  }

  /**
   * The records written after this log position, found by bisection: a reader waiting for the
   * answer to its own command need not scan the whole log at every look.
   */
  synchronized List<Record<?>> after(long position) {
    readNew();
    int low = 0;
    int high = records.size();
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (records.get(middle).getPosition() <= position) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return List.copyOf(records.subList(low, records.size()));
  }

  private void readNew() {
    log.readNew(event -> records.add(copy(event)));
  }

  private Record<?> copy(LoggedEvent event) {
    RecordMetadata metadata = new RecordMetadata();
    event.readMetadata(metadata);
    UnifiedRecordValue value = UnifiedRecordValue.allRecordsMap().get(metadata.getValueType());
    event.readValue(value);
    return new CopiedRecord<>(
        value,
        metadata,
        event.getKey(),
        partitionId,
        event.getPosition(),
        event.getSourceEventPosition(),
        event.getTimestamp());
  }
}
