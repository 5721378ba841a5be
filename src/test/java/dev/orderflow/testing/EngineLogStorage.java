package dev.orderflow.testing;

import io.camunda.zeebe.logstreams.storage.LogStorage;
import io.camunda.zeebe.logstreams.storage.LogStorageReader;
import io.camunda.zeebe.util.buffer.BufferWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The engine's log: an append-only file in the engine's directory, as a broker keeps its journal,
 * with an index in memory (the file offset, length and lowest position of each block: 20 bytes a
 * block). Nothing is truncated: the record stream that tests and the demo read starts at the first
 * entry, so the file grows with every command and event, and memory grows by the index only.
 *
 * <p>Appended by the engine's actors and read by the engine and by test threads at the same time:
 * every access to the index is synchronised (zeebe-process-test's list was not).
 */
final class EngineLogStorage implements LogStorage, AutoCloseable {

  private final FileChannel file;
  private final Set<CommitListener> commitListeners = new CopyOnWriteArraySet<>();

  private long[] offsets = new long[4096];
  private int[] lengths = new int[4096];
  private long[] lowestPositions = new long[4096];
  private int blocks;
  private long size;

  EngineLogStorage(Path path) {
    try {
      this.file =
          FileChannel.open(
              path,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("could not create the engine's log at " + path, e);
    }
  }

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
    synchronized (this) {
      int length = block.remaining();
      writeFully(block, size);
      if (blocks == offsets.length) {
        int capacity = blocks * 2;
        offsets = Arrays.copyOf(offsets, capacity);
        lengths = Arrays.copyOf(lengths, capacity);
        lowestPositions = Arrays.copyOf(lowestPositions, capacity);
      }
      offsets[blocks] = size;
      lengths[blocks] = length;
      lowestPositions[blocks] = lowestPosition;
      index = blocks++;
      size += length;
    }
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

  /** Bytes in the log file: what a long session grows by, on disk. */
  synchronized long sizeInBytes() {
    return size;
  }

  @Override
  public synchronized void close() {
    try {
      file.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeFully(ByteBuffer block, long at) {
    try {
      long position = at;
      while (block.hasRemaining()) {
        position += file.write(block, position);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not append to the engine's log", e);
    }
  }

  /** The block at this index, read from the file, or null past the end. */
  private synchronized ByteBuffer read(int index) {
    if (index >= blocks) {
      return null;
    }
    ByteBuffer block = ByteBuffer.allocate(lengths[index]);
    try {
      long position = offsets[index];
      while (block.hasRemaining()) {
        int read = file.read(block, position + block.position());
        if (read < 0) {
          throw new IOException("the log ends before block " + index);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the engine's log", e);
    }
    return block.flip();
  }

  /** The index of the block that holds this position: the last one starting at or below it. */
  private synchronized int blockAt(long position) {
    int found = Arrays.binarySearch(lowestPositions, 0, blocks, position);
    return found >= 0 ? found : Math.max(0, -found - 2);
  }

  private synchronized boolean exists(int index) {
    return index < blocks;
  }

  private final class Reader implements LogStorageReader {

    private int next;

    @Override
    public void seek(long position) {
      next = blockAt(position);
    }

    @Override
    public boolean hasNext() {
      return exists(next);
    }

    @Override
    public DirectBuffer next() {
      ByteBuffer block = read(next);
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
