package io.dfota.platform.internal;

import io.dfota.core.PackageContent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A stored {@code .bin} read by offset for the Block2 package server. */
final class FilePackageContent implements PackageContent {
  private final String id;
  private final Path file;
  private final long size;
  private final String sha256Hex;

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
}
