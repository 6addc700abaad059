package io.dfota.lwm2m.internal;

import io.dfota.lwm2m.Lwm2mException;
import io.dfota.lwm2m.PackageStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** A {@link PackageStore} in a growing byte array, bounded by its capacity. */
public final class MemoryPackageStore implements PackageStore {
  private final int capacity;
  private byte[] data = new byte[0];
  private int size;

  /**
   * Creates the store.
   *
   * @param capacity the largest package accepted
   */
  public MemoryPackageStore(int capacity) {
    if (capacity <= 0) {
      throw new Lwm2mException("capacity: " + capacity + " (expected: > 0)");
    }
    this.capacity = capacity;
  }

  @Override
  public long capacity() {
    return capacity;
  }

  @Override
  public synchronized void clear() {
    data = new byte[0];
    size = 0;
  }

  @Override
  public synchronized void write(long offset, ByteBuffer block) throws IOException {
    if (offset < 0 || offset > size) {
      throw new IOException("offset: " + offset + " (expected: 0.." + size + ")");
    }
    long end = offset + block.remaining();
    if (end > capacity) {
      throw new IOException("package: " + end + " bytes (expected: <= " + capacity + ")");
    }
    if (end > data.length) {
      data = Arrays.copyOf(data, (int) Math.min(capacity, Math.max(end, data.length * 2L)));
    }
    block.get(data, (int) offset, block.remaining());
    size = (int) Math.max(size, end);
  }

  @Override
  public synchronized long size() {
    return size;
  }

  @Override
  public synchronized int read(long offset, ByteBuffer dst) {
    if (offset < 0 || offset >= size) {
      return 0;
    }
    int n = (int) Math.min(dst.remaining(), size - offset);
    dst.put(data, (int) offset, n);
    return n;
  }
}
