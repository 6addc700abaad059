package io.dfota.lwm2m;

import io.dfota.core.PackageContent;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;

/** A package in memory for tests; records the offsets read. */
final class TestPackage implements PackageContent {
  final byte[] bytes;
  private final String id;
  private final String sha;
  final List<Long> reads = new CopyOnWriteArrayList<>();
  volatile LongConsumer onRead = o -> {};

  TestPackage(String id, byte[] bytes) {
    this.id = id;
    this.bytes = bytes.clone();
    try {
      this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static TestPackage random(String id, int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return new TestPackage(id, b);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public long size() {
    return bytes.length;
  }

  @Override
  public String sha256Hex() {
    return sha;
  }

  @Override
  public int read(long offset, ByteBuffer dst) {
    reads.add(offset);
    onRead.accept(offset);
    if (offset >= bytes.length) {
      return 0;
    }
    int n = (int) Math.min(dst.remaining(), bytes.length - offset);
    dst.put(bytes, (int) offset, n);
    return n;
  }
}
