package io.dfota.signing;

import io.dfota.signing.internal.Files2;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The seed's zipping step (protocol-notes §1.1 "Signing": the signtool accepts only a {@code .zip},
 * so the delta {@code X.bin} is zipped to {@code X.zip} first).
 */
public final class Packager {

  private Packager() {}

  /**
   * Zips {@code X.bin} into {@code X.zip} next to it (one deflated entry named like the file),
   * written to a temporary file and renamed into place.
   *
   * @param bin the delta firmware file, name ending in {@code .bin}
   * @return the zip
   * @throws SigningException if the file is missing, not a {@code .bin}, too large, or I/O fails
   */
  public static Path zipBinary(Path bin) {
    String fileName = bin.getFileName() == null ? "" : bin.getFileName().toString();
    if (!PackagePolicy.isTopLevelBin(fileName)) {
      throw new SigningException("bin: " + bin + " (expected: a file name ending in .bin)");
    }
    if (!Files.isRegularFile(bin)) {
      throw new SigningException("bin: " + bin + ": no such file");
    }
    Path dir = Files2.dirOf(bin);
    Path zip = dir.resolve(fileName.substring(0, fileName.length() - 4) + ".zip");
    Path tmp = null;
    try {
      long size = Files.size(bin);
      if (size > VerifierLimits.DEFAULT_MAX_PACKAGE_BYTES) {
        throw new SigningException(
            "bin: "
                + bin
                + ": "
                + size
                + " bytes (expected: at most "
                + VerifierLimits.DEFAULT_MAX_PACKAGE_BYTES
                + ")");
      }
      tmp = Files.createTempFile(dir, "." + fileName, ".zip.tmp");
      try (OutputStream out = Files.newOutputStream(tmp);
          ZipOutputStream zos = new ZipOutputStream(out);
          InputStream in = Files.newInputStream(bin)) {
        ZipEntry entry = new ZipEntry(fileName);
        entry.setLastModifiedTime(FileTime.from(Files.getLastModifiedTime(bin).toInstant()));
        zos.putNextEntry(entry);
        in.transferTo(zos);
        zos.closeEntry();
      }
      Files2.replace(tmp, zip);
      return zip;
    } catch (NoSuchFileException e) {
      throw new SigningException("bin: " + bin + ": no such file", e);
    } catch (IOException e) {
      throw new SigningException("zip: " + zip + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          // the temporary file stays behind; nothing else to do
        }
      }
    }
  }
}
