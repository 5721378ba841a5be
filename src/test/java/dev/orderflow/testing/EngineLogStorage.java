package dev.orderflow.testing;

import io.camunda.zeebe.logstreams.storage.LogStorage;
import io.camunda.zeebe.logstreams.storage.LogStorageReader;
import io.camunda.zeebe.util.buffer.BufferWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArraySet;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The engine's log, kept in memory and never truncated (the record stream that tests and the demo
 * read starts at its first entry). Appended by the engine's actors, read by the engine and by test
 * threads at the same time: unlike zeebe-process-test's list, every access is synchronised.
 */
final class EngineLogStorage implements LogStorage {

  private final List<ByteBuffer> blocks = new ArrayList<>();
  private final ConcurrentSkipListMap<Long, Integer> blockByLowestPosition =
      new ConcurrentSkipListMap<>();
  private final Set<CommitListener> commitListeners = new CopyOnWriteArraySet<>();

  @Override
  public LogStorageReader newReader() {
    return new Reader();
  }

  @Override
  public void append(
      long lowestPosition, long highestPosition, BufferWriter writer, AppendListener listener) {
    ByteBuffer block = ByteBuffer.allocate(writer.getLength());
    writer.write(new UnsafeBuffer(block), 0);
    append(lowestPosition, highestPosition, block, listener);
  }

  @Override
  public void append(
      long lowestPosition, long highestPosition, ByteBuffer block, AppendListener listener) {
    int index;
    synchronized (blocks) {
      blocks.add(block);
      index = blocks.size() - 1;
    }
    blockByLowestPosition.put(lowestPosition, index);
    listener.onWrite(index, highestPosition);
    listener.onCommit(index, highestPosition);
    commitListeners.forEach(CommitListener::onCommit);
  }

  @Override
  public void addCommitListener(CommitListener listener) {
    commitListeners.add(listener);
  }

  @Override
  public void removeCommitListener(CommitListener listener) {
    commitListeners.remove(listener);
  }

  /** Bytes held by the log: what a long session grows by. */
  long sizeInBytes() {
    synchronized (blocks) {
      return blocks.stream().mapToLong(ByteBuffer::capacity).sum();
    }
  }

  private ByteBuffer block(int index) {
    synchronized (blocks) {
      return index < blocks.size() ? blocks.get(index) : null;
    }
  }

  private final class Reader implements LogStorageReader {

    private int next;

    @Override
    public void seek(long position) {
      // The block that holds the position starts at or below it.
      Map.Entry<Long, Integer> block = blockByLowestPosition.floorEntry(position);
      next = block == null ? 0 : block.getValue();
    }

    @Override
    public boolean hasNext() {
      return block(next) != null;
    }

    @Override
    public DirectBuffer next() {
      ByteBuffer block = block(next);
      if (block == null) {
        throw new NoSuchElementException();
      }
      next++;
      return new UnsafeBuffer(block);
    }

    @Override
    public void close() {}
  }
}
