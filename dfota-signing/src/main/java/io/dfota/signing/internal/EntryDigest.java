package io.dfota.signing.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * One pass over a stored entry's bytes computing SHA-256 and CRC-32 together (protocol-notes §5.3
 * step 6.6). Entries of at least {@link #PIPELINE_MIN_BYTES} are read ahead on a reader thread into
 * a few reused chunks while the calling thread hashes, so reading the file overlaps with SHA-256
 * (the dominant cost); smaller entries, or a busy reader pool, are read and hashed in turn on the
 * calling thread. Every byte is hashed exactly once, in order.
 */
final class EntryDigest {

  /** The chunk size: large enough for few system calls, small enough to stay in L2 cache. */
  static final int CHUNK = 256 * 1024;

  /** Entries at least this large are read ahead on a reader thread. */
  static final long PIPELINE_MIN_BYTES = 4L * 1024 * 1024;

  private static final int CHUNKS = 3;

  private static final AtomicInteger THREADS = new AtomicInteger();

  /** Daemon reader threads, shared by all verifiers, bounded; idle ones end after 30 s. */
  private static final ExecutorService READERS =
      new ThreadPoolExecutor(
          0,
          Math.max(2, 2 * Runtime.getRuntime().availableProcessors()),
          30,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          r -> {
            Thread t = new Thread(r, "dfota-verify-reader-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
          });

  private EntryDigest() {}

  /** What the reader hands over: a filled chunk, the early end of the file, or a failure. */
  private static final class Chunk {
    final byte[] bytes;
    final int length;
    final @Nullable IOException error;

    Chunk(byte[] bytes, int length, @Nullable IOException error) {
      this.bytes = bytes;
      this.length = length;
      this.error = error;
    }
  }

  private static final Chunk TRUNCATED = new Chunk(new byte[0], 0, null);

  /**
   * Hashes {@code size} bytes of the channel from {@code position}.
   *
   * @param ch the file
   * @param position the first byte
   * @param size how many bytes
   * @param sha receives every byte once
   * @param crc receives every byte once
   * @return false if the file ended before {@code size} bytes
   * @throws IOException if reading fails
   */
  static boolean digest(FileChannel ch, long position, long size, MessageDigest sha, CRC32 crc)
      throws IOException {
    if (size >= PIPELINE_MIN_BYTES) {
      try {
        return pipelined(ch, position, size, sha, crc);
      } catch (RejectedExecutionException e) {
        // every reader is busy: read on this thread
      }
    }
    return sequential(ch, position, size, sha, crc);
  }

  private static boolean sequential(
      FileChannel ch, long position, long size, MessageDigest sha, CRC32 crc) throws IOException {
    byte[] array = new byte[(int) Math.min(CHUNK, Math.max(size, 1))];
    ByteBuffer buf = ByteBuffer.wrap(array);
    long pos = position;
    long remaining = size;
    while (remaining > 0) {
      buf.clear().limit((int) Math.min(array.length, remaining));
      int n = ch.read(buf, pos);
      if (n < 0) {
        return false;
      }
      sha.update(array, 0, n);
      crc.update(array, 0, n);
      pos += n;
      remaining -= n;
    }
    return true;
  }

  private static boolean pipelined(
      FileChannel ch, long position, long size, MessageDigest sha, CRC32 crc) throws IOException {
    BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS);
    for (int i = 0; i < CHUNKS; i++) {
      free.add(new byte[CHUNK]);
    }
    // capacity for every chunk plus the end marker: the reader never blocks on it
    BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(CHUNKS + 1);
    Reader reader = new Reader(ch, position, size, free, full);
    READERS.execute(reader);
    try {
      long remaining = size;
      while (remaining > 0) {
        Chunk c = full.poll(100, TimeUnit.MILLISECONDS);
        if (c == null) {
          if (reader.finished && full.isEmpty()) {
            throw new IOException("verify reader: ended early (expected: all " + size + " bytes)");
          }
          continue;
        }
        if (c == TRUNCATED) {
          return false;
        }
        if (c.error != null) {
          throw c.error;
        }
        sha.update(c.bytes, 0, c.length);
        crc.update(c.bytes, 0, c.length);
        remaining -= c.length;
        free.add(c.bytes);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while verifying");
    } finally {
      reader.stopped = true;
    }
  }

  /** Reads the entry chunk by chunk into free buffers, in order, until done or stopped. */
  private static final class Reader implements Runnable {
    private final FileChannel ch;
    private final long position;
    private final long size;
    private final BlockingQueue<byte[]> free;
    private final BlockingQueue<Chunk> full;
    volatile boolean stopped;
    volatile boolean finished;

    Reader(
        FileChannel ch,
        long position,
        long size,
        BlockingQueue<byte[]> free,
        BlockingQueue<Chunk> full) {
      this.ch = ch;
      this.position = position;
      this.size = size;
      this.free = free;
      this.full = full;
    }

    @Override
    public void run() {
      long pos = position;
      long remaining = size;
      try {
        while (remaining > 0 && !stopped) {
          byte[] array = free.poll(50, TimeUnit.MILLISECONDS);
          if (array == null) {
            continue;
          }
          ByteBuffer buf = ByteBuffer.wrap(array, 0, (int) Math.min(array.length, remaining));
          while (buf.hasRemaining()) {
            if (ch.read(buf, pos + buf.position()) < 0) {
              full.add(TRUNCATED);
              return;
            }
          }
          int n = buf.position();
          full.add(new Chunk(array, n, null));
          pos += n;
          remaining -= n;
        }
      } catch (IOException e) {
        full.add(new Chunk(new byte[0], 0, e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        full.add(new Chunk(new byte[0], 0, new IOException("verify reader: " + e, e)));
      } finally {
        finished = true;
      }
    }
  }
}
