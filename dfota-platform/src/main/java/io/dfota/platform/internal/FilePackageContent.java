package io.dfota.platform.internal;

import io.dfota.core.PackageContent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;

/** A stored {@code .bin} read by offset for the Block2 package server. */
final class FilePackageContent implements PackageContent {
  private final String id;
  private final Path file;
  private final long size;
  private final String sha256Hex;
  private volatile byte @Nullable [] cache;

  /** Packages up to this size are kept in memory after the first read (NB-IoT deltas are small). */
  static final long MAX_CACHED_BYTES = 16L << 20;

  FilePackageContent(String id, Path file, long size, String sha256Hex) {
    this.id = id;
    this.file = file;
    this.size = size;
    this.sha256Hex = sha256Hex;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public String sha256Hex() {
    return sha256Hex;
  }

  @Override
  public int read(long offset, ByteBuffer dst) throws IOException {
    if (offset < 0 || offset > size) {
      throw new IOException("offset: " + offset + " (expected: 0 to " + size + ")");
    }
    byte[] all = cached();
    if (all != null) {
      int n = (int) Math.min(dst.remaining(), all.length - offset);
      dst.put(all, (int) offset, n);
      return n;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      int total = 0;
      long pos = offset;
      while (dst.hasRemaining() && pos < size) {
        int n = ch.read(dst, pos);
        if (n < 0) {
          break;
        }
        total += n;
        pos += n;
      }
      return total;
    }
  }

  /**
   * Returns the whole package, read once on first use, when it is at most {@link
   * #MAX_CACHED_BYTES}: the LwM2M server reads one block per Block2 request on its protocol thread,
   * and opening the file for each block cost a file open and close per exchange (fleet benchmark,
   * BENCHMARKS.md). Larger packages, or a file shorter than recorded, are read per block.
   */
  private byte @Nullable [] cached() throws IOException {
    byte[] c = cache;
    if (c != null || size > MAX_CACHED_BYTES) {
      return c;
    }
    synchronized (this) {
      if (cache == null) {
        byte[] all = Files.readAllBytes(file);
        if (all.length != size) {
          return null;
        }
        cache = all;
      }
      return cache;
    }
  }
}
