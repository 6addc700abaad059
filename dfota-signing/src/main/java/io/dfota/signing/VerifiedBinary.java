package io.dfota.signing;

import io.dfota.signing.internal.Crypto;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The delta {@code .bin} inside a verified signed package: the firmware the platform publishes
 * after verification and the module finally receives (protocol-notes §5.1 "the platform shows the
 * inner .bin", §5.3 step 6.7). Reading it re-checks size and SHA-256 at the end of the stream, so a
 * file changed after verification is never served silently.
 *
 * @param signedZip the verified signed package
 * @param name the entry name of the {@code .bin}
 * @param size its size in bytes
 * @param sha256Hex its SHA-256, lower-case hex
 */
public record VerifiedBinary(Path signedZip, String name, long size, String sha256Hex) {

  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  /** Validates the components. */
  public VerifiedBinary {
    Objects.requireNonNull(signedZip, "signedZip");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sha256Hex, "sha256Hex");
    if (size < 0) {
      throw new SigningException("size: " + size + " (expected: >= 0)");
    }
    if (!HEX64.matcher(sha256Hex).matches()) {
      throw new SigningException("sha256Hex: " + sha256Hex + " (expected: 64 lower-case hex)");
    }
  }

  /**
   * Opens the {@code .bin} bytes from the signed zip. At the end of the stream the size and SHA-256
   * are compared with the verified values; a difference raises an {@link IOException}.
   *
   * @return the stream; the caller closes it
   * @throws IOException if the zip cannot be opened or the entry is gone
   */
  public InputStream openStream() throws IOException {
    ZipFile zip = new ZipFile(signedZip.toFile());
    try {
      ZipEntry entry = zip.getEntry(name);
      if (entry == null) {
        throw new IOException(signedZip + ": entry " + name + " is gone since verification");
      }
      return new CheckingStream(zip.getInputStream(entry), zip);
    } catch (IOException | RuntimeException e) {
      zip.close();
      throw e;
    }
  }

  /**
   * Copies the {@code .bin} to {@code target}, through a temporary file in the same directory that
   * is renamed into place only once the size and SHA-256 check out.
   *
   * @param target the destination file; replaced if it exists
   * @throws IOException if reading, the check or writing fails
   */
  public void copyTo(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
    try {
      try (InputStream in = openStream();
          OutputStream out = Files.newOutputStream(tmp)) {
        in.transferTo(out);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private final class CheckingStream extends FilterInputStream {
    private final ZipFile zip;
    private final MessageDigest sha = Crypto.sha256();
    private long count;
    private boolean checked;

    CheckingStream(InputStream in, ZipFile zip) {
      super(in);
      this.zip = zip;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b < 0) {
        check();
      } else {
        sha.update((byte) b);
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n < 0) {
        check();
      } else {
        sha.update(buf, off, n);
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      throw new IOException("skip is not supported on a verified stream (expected: read)");
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    private void check() throws IOException {
      if (checked) {
        return;
      }
      checked = true;
      String hex = HexFormat.of().formatHex(sha.digest());
      if (count != size || !hex.equals(sha256Hex)) {
        throw new IOException(
            signedZip
                + ": "
                + name
                + " changed since verification (expected: "
                + size
                + " bytes, SHA-256 "
                + sha256Hex
                + ")");
      }
    }

    @Override
    public void close() throws IOException {
      try {
        super.close();
      } finally {
        zip.close();
      }
    }
  }
}
