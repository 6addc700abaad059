package io.dfota.signing.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntryDigestTest {

  private static final int C = EntryDigest.CHUNK;
  private static final int P = (int) EntryDigest.PIPELINE_MIN_BYTES;

  @TempDir Path dir;

  private Path file(int size) throws Exception {
    byte[] b = new byte[size];
    new SplittableRandom(size).nextBytes(b);
    return Files.write(dir.resolve("f" + size), b);
  }

  private static String expected(byte[] all, int from, int size) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(all, from, size);
    CRC32 crc = new CRC32();
    crc.update(all, from, size);
    return java.util.HexFormat.of().formatHex(sha.digest()) + "/" + crc.getValue();
  }

  private static String actual(Path f, long from, long size) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    CRC32 crc = new CRC32();
    try (FileChannel ch = FileChannel.open(f)) {
      assertTrue(EntryDigest.digest(ch, from, size, sha, crc));
    }
    return java.util.HexFormat.of().formatHex(sha.digest()) + "/" + crc.getValue();
  }

  @Test
  void hashesEveryByteOnceInOrderOnBothSidesOfThePipelineThreshold() throws Exception {
    int total = P + 3 * C + 1000;
    Path f = file(total);
    byte[] all = Files.readAllBytes(f);
    for (int size : new int[] {0, 1, C - 1, C, C + 1, P - 1, P, P + 1, P + 3 * C + 17}) {
      for (int from : new int[] {0, 123}) {
        assertEquals(expected(all, from, size), actual(f, from, size), "size " + size);
      }
    }
  }

  @Test
  void reportsAFileThatEndsEarlyOnBothPaths() throws Exception {
    for (int size : new int[] {C, P + C}) {
      Path f = file(size);
      try (FileChannel ch = FileChannel.open(f)) {
        assertFalse(
            EntryDigest.digest(ch, 10, size, MessageDigest.getInstance("SHA-256"), new CRC32()));
      }
    }
  }

  @Test
  void concurrentVerificationsBeyondTheReaderPoolStillHashEveryByte() throws Exception {
    int size = P + C + 5;
    Path f = file(size);
    byte[] all = Files.readAllBytes(f);
    String want = expected(all, 0, size);
    ExecutorService pool = Executors.newFixedThreadPool(12);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        results.add(pool.submit(() -> actual(f, 0, size)));
      }
      List<String> got = new ArrayList<>();
      for (Future<String> r : results) {
        got.add(r.get());
      }
      assertArrayEquals(new String[] {want}, got.stream().distinct().toArray());
    } finally {
      pool.shutdownNow();
    }
  }
}
