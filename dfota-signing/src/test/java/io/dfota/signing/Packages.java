package io.dfota.signing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Test helpers: build input zips, sign them, read entries back. */
final class Packages {

  static final String MANUFACTURER = "Quectel";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2018-11-30T08:00:00Z"), ZoneOffset.UTC);

  private Packages() {}

  /** Writes {@code dir/name} as a zip holding the given entries (deflated, like a zip tool). */
  static Path zip(Path dir, String name, Map<String, byte[]> entries) throws IOException {
    Path zip = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(zip);
        ZipOutputStream zos = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zos.putNextEntry(new ZipEntry(e.getKey()));
        zos.write(e.getValue());
        zos.closeEntry();
      }
    }
    return zip;
  }

  static Path zipOneBin(Path dir, String binName, byte[] content) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put(binName, content);
    return zip(dir, "package.zip", entries);
  }

  static PackageSigner signer(KeyPair pair) {
    return PackageSigner.builder()
        .privateKey(pair.getPrivate())
        .manufacturer(MANUFACTURER)
        .clock(CLOCK)
        .build();
  }

  static PackageVerifier verifier(KeyPair pair) {
    return PackageVerifier.builder().trust(new TrustedKey(MANUFACTURER, pair.getPublic())).build();
  }

  /** Reads every entry of a zip with the JDK's zip reader, in central-directory order. */
  static Map<String, byte[]> entries(Path zip) throws IOException {
    Map<String, byte[]> map = new LinkedHashMap<>();
    try (ZipFile zf = new ZipFile(zip.toFile())) {
      for (ZipEntry e : java.util.Collections.list(zf.entries())) {
        try (InputStream in = zf.getInputStream(e)) {
          map.put(e.getName(), in.readAllBytes());
        }
      }
    }
    return map;
  }

  static VerificationResult.Rejected rejected(VerificationResult r) {
    if (r instanceof VerificationResult.Rejected) {
      return (VerificationResult.Rejected) r;
    }
    throw new AssertionError("expected a rejection, got " + r);
  }

  static VerificationResult.Verified verified(VerificationResult r) {
    if (r instanceof VerificationResult.Verified) {
      return (VerificationResult.Verified) r;
    }
    throw new AssertionError("expected verified, got " + r);
  }
}
