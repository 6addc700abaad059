package io.dfota.lwm2m;

import io.dfota.lwm2m.internal.MemoryPackageStore;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where the device role puts a firmware package while it pulls it with Block2 (Object 5, {@code
 * /5/0/1}; protocol-notes §3.4). The store survives a simulated reboot; the client's resume record
 * does not (protocol-notes P11, Q5).
 */
public interface PackageStore {

  /**
   * Returns a store in memory.
   *
   * @param maxBytes the largest package accepted
   * @return a new store
   */
  static PackageStore inMemory(int maxBytes) {
    return new MemoryPackageStore(maxBytes);
  }

  /**
   * Returns the largest package this store accepts; a bigger package fails the download with result
   * 2 (not enough flash).
   *
   * @return bytes
   */
  long capacity();

  /** Discards any stored bytes. */
  void clear();

  /**
   * Writes a block at an offset; the store grows to {@code offset + block.remaining()}.
   *
   * @param offset the position, at most {@link #size()}
   * @param block the bytes
   * @throws IOException if the storage fails or the capacity is exceeded
   */
  void write(long offset, ByteBuffer block) throws IOException;

  /**
   * Returns the number of bytes stored.
   *
   * @return bytes
   */
  long size();

  /**
   * Reads stored bytes.
   *
   * @param offset the position
   * @param dst the buffer
   * @return the number of bytes read, 0 at the end
   * @throws IOException if the storage fails
   */
  int read(long offset, ByteBuffer dst) throws IOException;
}
