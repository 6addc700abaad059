package io.dfota.signing.internal;

import io.dfota.signing.SigningException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes a canonical QSIG/1 archive (docs/signed-package-format.md) in one pass: each entry's local
 * header is written with placeholders, the data is streamed while its CRC-32, SHA-256 and size are
 * computed, then the header is patched in place. No data descriptors, no extra fields, no comments.
 */
public final class ArchiveWriter {

  private static final int BUFFER = 64 * 1024;

  private final FileChannel out;
  private final int dosDateTime;
  private final long maxTotalBytes;
  private final List<Written> written = new ArrayList<>();
  private long position;

  /**
   * One written entry.
   *
   * @param name the name
   * @param nameBytes the UTF-8 name
   * @param offset the local header offset
   * @param size the size in bytes
   * @param crc the CRC-32
   * @param sha256 the SHA-256, lower-case hex
   */
  public record Written(
      String name, ByteBuffer nameBytes, long offset, long size, int crc, String sha256) {}

  /**
   * Creates a writer at position 0 of an empty channel.
   *
   * @param out the channel, positioned at 0
   * @param created the time stamped on every entry
   * @param maxTotalBytes the largest archive this writer may produce
   */
  public ArchiveWriter(FileChannel out, Instant created, long maxTotalBytes) {
    this.out = out;
    this.dosDateTime = Qsig.dosDateTime(created);
    this.maxTotalBytes = Math.min(maxTotalBytes, Integer.MAX_VALUE);
  }

  /**
   * Adds an entry from a byte array.
   *
   * @param name the name
   * @param data the bytes
   * @return what was written
   * @throws IOException if writing fails
   */
  public Written add(String name, byte[] data) throws IOException {
    return add(name, new ByteArrayInputStream(data), data.length);
  }

  /**
   * Adds an entry streamed from an input.
   *
   * @param name the name (not checked here)
   * @param data the bytes, read to the end
   * @param maxBytes the largest accepted entry
   * @return what was written
   * @throws IOException if reading or writing fails
   * @throws SigningException if the entry or the archive grows beyond its limit
   */
  public Written add(String name, InputStream data, long maxBytes) throws IOException {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    if (nameBytes.length > 0xFFFF) {
      throw new SigningException("entry name: " + nameBytes.length + " bytes (expected: < 65536)");
    }
    long offset = position;
    ByteBuffer header = localHeader(nameBytes, 0, 0);
    write(header);
    CRC32 crc = new CRC32();
    MessageDigest sha = Crypto.sha256();
    byte[] buf = new byte[BUFFER];
    long size = 0;
    int n;
    while ((n = data.read(buf)) > 0) {
      size += n;
      if (size > maxBytes) {
        throw new SigningException(
            "entry "
                + EntryNames.printable(name)
                + ": more than "
                + maxBytes
                + " bytes"
                + " (expected: within the package limit)");
      }
      crc.update(buf, 0, n);
      sha.update(buf, 0, n);
      write(ByteBuffer.wrap(buf, 0, n));
    }
    int crcValue = (int) crc.getValue();
    ByteBuffer patched = localHeader(nameBytes, crcValue, (int) size);
    int pos = 0;
    while (patched.hasRemaining()) {
      pos += out.write(patched, offset + pos);
    }
    Written w =
        new Written(
            name,
            ByteBuffer.wrap(nameBytes).asReadOnlyBuffer(),
            offset,
            size,
            crcValue,
            HexFormat.of().formatHex(sha.digest()));
    written.add(w);
    return w;
  }

  /**
   * Writes the central directory and the end record.
   *
   * @throws IOException if writing fails
   */
  public void finish() throws IOException {
    long cdOffset = position;
    for (Written w : written) {
      byte[] name = new byte[w.nameBytes().remaining()];
      w.nameBytes().duplicate().get(name);
      ByteBuffer b = le(Qsig.CEN_LEN + name.length);
      b.putInt(Qsig.CEN_SIG);
      b.putShort((short) Qsig.VERSION_MADE_BY);
      b.putShort((short) Qsig.VERSION_NEEDED);
      b.putShort((short) Qsig.FLAGS);
      b.putShort((short) Qsig.METHOD_STORED);
      b.putInt(dosDateTime);
      b.putInt(w.crc());
      b.putInt((int) w.size());
      b.putInt((int) w.size());
      b.putShort((short) name.length);
      b.putShort((short) 0); // extra
      b.putShort((short) 0); // comment
      b.putShort((short) 0); // disk
      b.putShort((short) 0); // internal attributes
      b.putInt(0); // external attributes
      b.putInt((int) w.offset());
      b.put(name);
      b.flip();
      write(b);
    }
    long cdSize = position - cdOffset;
    ByteBuffer end = le(Qsig.END_LEN);
    end.putInt(Qsig.END_SIG);
    end.putShort((short) 0);
    end.putShort((short) 0);
    end.putShort((short) written.size());
    end.putShort((short) written.size());
    end.putInt((int) cdSize);
    end.putInt((int) cdOffset);
    end.putShort((short) 0);
    end.flip();
    write(end);
  }

  private ByteBuffer localHeader(byte[] name, int crc, int size) {
    ByteBuffer b = le(Qsig.LOC_LEN + name.length);
    b.putInt(Qsig.LOC_SIG);
    b.putShort((short) Qsig.VERSION_NEEDED);
    b.putShort((short) Qsig.FLAGS);
    b.putShort((short) Qsig.METHOD_STORED);
    b.putInt(dosDateTime);
    b.putInt(crc);
    b.putInt(size);
    b.putInt(size);
    b.putShort((short) name.length);
    b.putShort((short) 0);
    b.put(name);
    b.flip();
    return b;
  }

  private void write(ByteBuffer b) throws IOException {
    int n = b.remaining();
    if (position + n + Qsig.END_LEN > maxTotalBytes) {
      throw new SigningException(
          "signed package: more than " + maxTotalBytes + " bytes (expected: within the limit)");
    }
    while (b.hasRemaining()) {
      out.write(b, position + (n - b.remaining()));
    }
    position += n;
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }
}
