package io.dfota.bench.fleet;

import io.dfota.lwm2m.PackageStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An emulated device's flash that keeps only the SHA-256 and the size of what it was written, in
 * order, so that a thousand devices do not hold a thousand copies of the package on the heap that
 * is measured. Reading back is not supported (the benchmark's devices accept every package).
 */
final class DigestingPackageStore implements PackageStore {
  private final long capacity;
  private MessageDigest digest = newDigest();
  private long size;

  DigestingPackageStore(long capacity) {
    this.capacity = capacity;
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256: not available (expected: in every JDK)", e);
    }
  }

  @Override
  public long capacity() {
    return capacity;
  }

  @Override
  public synchronized void clear() {
    digest = newDigest();
    size = 0;
  }

  @Override
  public synchronized void write(long offset, ByteBuffer block) throws IOException {
    if (offset != size) {
      throw new IOException("offset: " + offset + " (expected: " + size + ", in order)");
    }
    if (size + block.remaining() > capacity) {
      throw new IOException(
          "package: " + (size + block.remaining()) + " bytes (expected: <= " + capacity + ")");
    }
    size += block.remaining();
    digest.update(block);
  }

  @Override
  public synchronized long size() {
    return size;
  }

  @Override
  public int read(long offset, ByteBuffer dst) throws IOException {
    throw new IOException("read: not supported by the benchmark's digesting store");
  }

  /**
   * Returns the SHA-256 of what was written so far (the digest is not reset).
   *
   * @return 64 hex digits
   */
  synchronized String sha256Hex() {
    try {
      return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 digest: not cloneable", e);
    }
  }
}
