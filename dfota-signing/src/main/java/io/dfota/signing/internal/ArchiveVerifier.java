package io.dfota.signing.internal;

import io.dfota.signing.PackagePolicy;
import io.dfota.signing.RejectionReason;
import io.dfota.signing.SignatureAlgorithm;
import io.dfota.signing.TrustedKey;
import io.dfota.signing.VerificationResult;
import io.dfota.signing.VerifiedBinary;
import io.dfota.signing.VerifierLimits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * The QSIG/1 verifier (protocol-notes §5.3 step 6, docs/signed-package-format.md). It parses the
 * zip structure itself, strictly: limits and entry rules first, then the canonical layout (every
 * local header equal to its central-directory record, entries contiguous from offset 0, no comments
 * or extra fields), then the manifest, the key, the signature, and finally each entry's size,
 * CRC-32 and SHA-256, streamed once through the JDK digest ({@link EntryDigest}: large entries are
 * read ahead on a reader thread while the caller hashes). Every byte of an accepted file is
 * therefore bound to the signature, so any alteration is rejected.
 */
public final class ArchiveVerifier {

  private final Map<String, List<TrustedKey>> keysById;
  private final int keyCount;
  private final VerifierLimits limits;
  private final PackagePolicy policy;

  /**
   * Creates a verifier.
   *
   * @param keys the trusted keys
   * @param limits the limits
   * @param policy the package policy
   */
  public ArchiveVerifier(Collection<TrustedKey> keys, VerifierLimits limits, PackagePolicy policy) {
    Map<String, List<TrustedKey>> byId = new HashMap<>();
    for (TrustedKey k : keys) {
      byId.computeIfAbsent(k.keyId(), id -> new ArrayList<>()).add(k);
    }
    byId.replaceAll((id, list) -> List.copyOf(list));
    this.keysById = Map.copyOf(byId);
    this.keyCount = keys.size();
    this.limits = limits;
    this.policy = policy;
  }

  /** One central-directory record. */
  private record Central(
      String name,
      ByteBuffer nameBytes,
      int madeBy,
      int needed,
      int flags,
      int method,
      int dosDateTime,
      int crc,
      long compressed,
      long size,
      int extraLen,
      int commentLen,
      int disk,
      int internalAttr,
      long externalAttr,
      long offset) {

    long dataOffset() {
      return offset + Qsig.LOC_LEN + nameBytes.remaining();
    }

    long end() {
      return dataOffset() + compressed;
    }
  }

  /**
   * Verifies a signed package.
   *
   * @param zip the file
   * @param expectedManufacturer the manufacturer the manifest must name, or null for any allowed by
   *     the key
   * @return the result; never throws on bad input
   */
  public VerificationResult verify(Path zip, @Nullable String expectedManufacturer) {
    try (FileChannel ch = FileChannel.open(zip, StandardOpenOption.READ)) {
      return verify(zip, ch, expectedManufacturer);
    } catch (Rejection r) {
      return new VerificationResult.Rejected(r.reason(), r.getMessage());
    } catch (NoSuchFileException e) {
      return new VerificationResult.Rejected(
          RejectionReason.UNREADABLE, "package: " + zip + ": no such file");
    } catch (IOException e) {
      return new VerificationResult.Rejected(
          RejectionReason.UNREADABLE, "package: " + zip + ": " + e.getMessage());
    } catch (RuntimeException e) {
      return new VerificationResult.Rejected(
          RejectionReason.MALFORMED_ZIP, "package: unreadable structure: " + e);
    }
  }

  private VerificationResult verify(Path zip, FileChannel ch, @Nullable String expected)
      throws IOException, Rejection {
    long fileSize = ch.size();
    if (fileSize > limits.maxPackageBytes()) {
      throw reject(
          RejectionReason.TOO_LARGE,
          "package: " + fileSize + " bytes (expected: at most " + limits.maxPackageBytes() + ")");
    }
    if (fileSize < Qsig.END_LEN) {
      throw malformed("package: " + fileSize + " bytes (expected: a zip archive, >= 22 bytes)");
    }
    ByteBuffer end = read(ch, fileSize - Qsig.END_LEN, Qsig.END_LEN);
    if (end.getInt(0) != Qsig.END_SIG) {
      throw malformed(
          "package: no end-of-central-directory record at the end"
              + " (expected: a complete QSIG/1 zip; truncated or altered?)");
    }
    int entries = u16(end, 10);
    long cdSize = u32(end, 12);
    long cdOffset = u32(end, 16);
    if (u16(end, 4) != 0 || u16(end, 6) != 0 || u16(end, 8) != entries) {
      throw malformed("package: multi-disk archive (expected: a single zip file)");
    }
    if (u16(end, 20) != 0) {
      throw malformed("package: archive comment present (expected: none)");
    }
    if (entries > limits.maxEntries()) {
      throw reject(
          RejectionReason.TOO_MANY_ENTRIES,
          "package: " + entries + " entries (expected: at most " + limits.maxEntries() + ")");
    }
    if (cdOffset + cdSize != fileSize - Qsig.END_LEN
        || cdSize > (long) entries * (Qsig.CEN_LEN + EntryNames.MAX_NAME_BYTES + 0xFFFF * 2L)) {
      throw malformed(
          "central directory: offset "
              + cdOffset
              + " size "
              + cdSize
              + " (expected: ending at the end record, offset "
              + (fileSize - Qsig.END_LEN)
              + ")");
    }
    List<Central> central = readCentral(read(ch, cdOffset, (int) cdSize), entries);
    checkEntries(central);
    checkLayout(central, cdOffset);

    Map<String, Central> byName = new LinkedHashMap<>();
    for (Central c : central) {
      byName.put(c.name(), c);
    }
    Central manifestEntry = byName.get(Qsig.MANIFEST_NAME);
    if (manifestEntry == null) {
      throw reject(RejectionReason.MANIFEST_MISSING, "package: no " + Qsig.MANIFEST_NAME);
    }
    Central signatureEntry = byName.get(Qsig.SIGNATURE_NAME);
    if (signatureEntry == null) {
      throw reject(RejectionReason.SIGNATURE_MISSING, "package: no " + Qsig.SIGNATURE_NAME);
    }
    for (Central c : central) {
      if (c.name().startsWith(Qsig.META_INF) && c != manifestEntry && c != signatureEntry) {
        throw reject(
            RejectionReason.UNLISTED_ENTRY,
            "entry "
                + EntryNames.printable(c.name())
                + ": unknown META-INF entry (expected: none)");
      }
    }
    if (manifestEntry.size() > limits.maxManifestBytes()) {
      throw reject(
          RejectionReason.MANIFEST_INVALID,
          "manifest: "
              + manifestEntry.size()
              + " bytes (expected: at most "
              + limits.maxManifestBytes()
              + ")");
    }
    byte[] manifestBytes = readSmallEntry(ch, manifestEntry);
    Manifest manifest = Manifest.parse(manifestBytes, limits.maxEntries());

    TrustedKey key = selectKey(manifest, expected);
    if (signatureEntry.size() > Qsig.MAX_SIGNATURE_BYTES) {
      throw reject(
          RejectionReason.BAD_SIGNATURE,
          "signature: "
              + signatureEntry.size()
              + " bytes (expected: at most "
              + Qsig.MAX_SIGNATURE_BYTES
              + ")");
    }
    byte[] signature = readSmallEntry(ch, signatureEntry);
    if (!Crypto.verify(manifest.alg(), key.key(), manifestBytes, signature)) {
      throw reject(
          RejectionReason.BAD_SIGNATURE,
          "signature: does not verify over the manifest with key " + manifest.keyId());
    }
    checkCrc(manifestEntry, manifestBytes);
    checkCrc(signatureEntry, signature);

    Map<String, Manifest.FileEntry> listed = new HashMap<>();
    for (Manifest.FileEntry f : manifest.files()) {
      listed.put(f.name(), f);
    }
    for (Central c : central) {
      if (!c.name().startsWith(Qsig.META_INF) && !listed.containsKey(c.name())) {
        throw reject(
            RejectionReason.UNLISTED_ENTRY,
            "entry " + EntryNames.printable(c.name()) + ": not in the manifest (expected: listed)");
      }
    }
    for (Manifest.FileEntry f : manifest.files()) {
      Central c = byName.get(f.name());
      if (c == null) {
        throw reject(
            RejectionReason.MISSING_ENTRY,
            "entry " + EntryNames.printable(f.name()) + ": listed but absent (expected: present)");
      }
      if (c.size() != f.size()) {
        throw reject(
            RejectionReason.SIZE_MISMATCH,
            "entry "
                + EntryNames.printable(f.name())
                + ": "
                + c.size()
                + " bytes (expected: "
                + f.size()
                + " as in the manifest)");
      }
    }
    for (Manifest.FileEntry f : manifest.files()) {
      checkData(ch, byName.get(f.name()), f);
    }
    String problem = policy.problem(listed.keySet());
    if (problem != null) {
      throw reject(RejectionReason.POLICY_VIOLATION, problem);
    }
    Manifest.FileEntry bin =
        manifest.files().stream()
            .filter(f -> PackagePolicy.isTopLevelBin(f.name()))
            .findFirst()
            .orElseThrow();
    return new VerificationResult.Verified(
        new VerifiedBinary(zip, bin.name(), bin.size(), bin.sha256()),
        manifest.manufacturer(),
        manifest.keyId(),
        manifest.alg(),
        manifest.created());
  }

  private List<Central> readCentral(ByteBuffer cd, int entries) throws Rejection {
    List<Central> list = new ArrayList<>(entries);
    int pos = 0;
    for (int i = 0; i < entries; i++) {
      if (cd.limit() - pos < Qsig.CEN_LEN || cd.getInt(pos) != Qsig.CEN_SIG) {
        throw malformed(
            "central directory: record " + i + " is broken (expected: " + entries + ")");
      }
      int nameLen = u16(cd, pos + 28);
      int extraLen = u16(cd, pos + 30);
      int commentLen = u16(cd, pos + 32);
      int recordLen = Qsig.CEN_LEN + nameLen + extraLen + commentLen;
      if (cd.limit() - pos < recordLen) {
        throw malformed("central directory: record " + i + " overruns the directory");
      }
      byte[] nameBytes = new byte[nameLen];
      cd.get(pos + Qsig.CEN_LEN, nameBytes);
      String name;
      try {
        name =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(nameBytes))
                .toString();
      } catch (CharacterCodingException e) {
        throw reject(
            RejectionReason.UNSAFE_PATH,
            "entry name: record " + i + " is not UTF-8 (expected: a UTF-8 path)");
      }
      list.add(
          new Central(
              name,
              ByteBuffer.wrap(nameBytes).asReadOnlyBuffer(),
              u16(cd, pos + 4),
              u16(cd, pos + 6),
              u16(cd, pos + 8),
              u16(cd, pos + 10),
              cd.getInt(pos + 12),
              cd.getInt(pos + 16),
              u32(cd, pos + 20),
              u32(cd, pos + 24),
              extraLen,
              commentLen,
              u16(cd, pos + 34),
              u16(cd, pos + 36),
              u32(cd, pos + 38),
              u32(cd, pos + 42)));
      pos += recordLen;
    }
    if (pos != cd.limit()) {
      throw malformed(
          "central directory: "
              + (cd.limit() - pos)
              + " bytes after the last record (expected: 0)");
    }
    return list;
  }

  /** Step 6.1 of §5.3: names, duplicates, encryption, ratio, sizes. */
  private void checkEntries(List<Central> central) throws Rejection {
    Map<String, Central> seen = new HashMap<>();
    long total = 0;
    for (Central c : central) {
      String problem = EntryNames.problem(c.name());
      if (problem != null) {
        throw reject(RejectionReason.UNSAFE_PATH, problem);
      }
      if (seen.put(c.name(), c) != null) {
        throw reject(
            RejectionReason.DUPLICATE_ENTRY,
            "entry " + EntryNames.printable(c.name()) + ": appears twice (expected: once)");
      }
      if ((c.flags() & Qsig.FLAGS_ENCRYPTED) != 0) {
        throw reject(
            RejectionReason.ENCRYPTED_ENTRY,
            "entry " + EntryNames.printable(c.name()) + ": encrypted (expected: plain)");
      }
      long ratioBase = Math.max(c.compressed(), 1);
      if (c.size() > ratioBase * limits.maxCompressionRatio()) {
        throw reject(
            RejectionReason.ZIP_BOMB,
            "entry "
                + EntryNames.printable(c.name())
                + ": "
                + c.compressed()
                + " bytes expand to "
                + c.size()
                + " (expected: ratio at most "
                + limits.maxCompressionRatio()
                + ")");
      }
      if (c.size() > limits.maxEntryBytes()) {
        throw reject(
            RejectionReason.TOO_LARGE,
            "entry "
                + EntryNames.printable(c.name())
                + ": "
                + c.size()
                + " bytes (expected: at most "
                + limits.maxEntryBytes()
                + ")");
      }
      total += c.size();
      if (total > limits.maxPackageBytes()) {
        throw reject(
            RejectionReason.TOO_LARGE,
            "package: entries expand to more than "
                + limits.maxPackageBytes()
                + " bytes (expected: within the limit)");
      }
    }
  }

  /** The canonical layout: constant fields, entries contiguous from offset 0 to the directory. */
  private static void checkLayout(List<Central> central, long cdOffset) throws Rejection {
    long expectedOffset = 0;
    for (Central c : central) {
      String n = EntryNames.printable(c.name());
      if (c.madeBy() != Qsig.VERSION_MADE_BY
          || c.needed() != Qsig.VERSION_NEEDED
          || c.flags() != Qsig.FLAGS
          || c.extraLen() != 0
          || c.commentLen() != 0
          || c.disk() != 0
          || c.internalAttr() != 0
          || c.externalAttr() != 0) {
        throw malformed(
            "entry " + n + ": central record fields differ from QSIG/1 (expected: canonical)");
      }
      if (c.method() != Qsig.METHOD_STORED || c.compressed() != c.size()) {
        throw malformed(
            "entry " + n + ": compression method " + c.method() + " (expected: 0, stored)");
      }
      if (c.offset() != expectedOffset) {
        throw malformed(
            "entry "
                + n
                + ": at offset "
                + c.offset()
                + " (expected: "
                + expectedOffset
                + ", entries contiguous)");
      }
      expectedOffset = c.end();
    }
    if (expectedOffset != cdOffset) {
      throw malformed(
          "central directory: at offset "
              + cdOffset
              + " (expected: "
              + expectedOffset
              + ", right after the last entry)");
    }
  }

  private TrustedKey selectKey(Manifest manifest, @Nullable String expected) throws Rejection {
    List<TrustedKey> candidates = keysById.get(manifest.keyId());
    if (candidates == null) {
      throw reject(
          RejectionReason.UNKNOWN_KEY,
          "keyId: " + manifest.keyId() + " (expected: one of " + keyCount + " trusted keys)");
    }
    if (expected != null && !expected.equals(manifest.manufacturer())) {
      throw reject(
          RejectionReason.MANUFACTURER_MISMATCH,
          "manufacturer: "
              + EntryNames.printable(manifest.manufacturer())
              + " (expected: "
              + EntryNames.printable(expected)
              + ")");
    }
    TrustedKey key =
        candidates.stream()
            .filter(k -> k.allows(manifest.manufacturer()))
            .findFirst()
            .orElseThrow(
                () ->
                    reject(
                        RejectionReason.MANUFACTURER_MISMATCH,
                        "manufacturer: "
                            + EntryNames.printable(manifest.manufacturer())
                            + " (expected: "
                            + EntryNames.printable(candidates.get(0).manufacturer())
                            + " for key "
                            + manifest.keyId()
                            + ")"));
    SignatureAlgorithm alg = manifest.alg();
    if (!alg.accepts(key.key())) {
      throw reject(
          RejectionReason.ALGORITHM_MISMATCH,
          "alg: " + alg.id() + " (expected: the algorithm of key " + manifest.keyId() + ")");
    }
    return key;
  }

  private byte[] readSmallEntry(FileChannel ch, Central c) throws IOException, Rejection {
    checkLocal(ch, c);
    ByteBuffer data = read(ch, c.dataOffset(), (int) c.size());
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    return bytes;
  }

  private static void checkCrc(Central c, byte[] data) throws Rejection {
    CRC32 crc = new CRC32();
    crc.update(data);
    if ((int) crc.getValue() != c.crc()) {
      throw reject(
          RejectionReason.DIGEST_MISMATCH,
          "entry " + EntryNames.printable(c.name()) + ": CRC-32 differs from the archive");
    }
  }

  private static void checkLocal(FileChannel ch, Central c) throws IOException, Rejection {
    int nameLen = c.nameBytes().remaining();
    ByteBuffer loc = read(ch, c.offset(), Qsig.LOC_LEN + nameLen);
    boolean same =
        loc.getInt(0) == Qsig.LOC_SIG
            && u16(loc, 4) == c.needed()
            && u16(loc, 6) == c.flags()
            && u16(loc, 8) == c.method()
            && loc.getInt(10) == c.dosDateTime()
            && loc.getInt(14) == c.crc()
            && u32(loc, 18) == c.compressed()
            && u32(loc, 22) == c.size()
            && u16(loc, 26) == nameLen
            && u16(loc, 28) == 0
            && loc.slice(Qsig.LOC_LEN, nameLen).equals(c.nameBytes());
    if (!same) {
      throw malformed(
          "entry "
              + EntryNames.printable(c.name())
              + ": local header differs from the central directory (expected: equal)");
    }
  }

  private void checkData(FileChannel ch, Central c, Manifest.FileEntry f)
      throws IOException, Rejection {
    checkLocal(ch, c);
    MessageDigest sha = Crypto.sha256();
    CRC32 crc = new CRC32();
    if (!EntryDigest.digest(ch, c.dataOffset(), c.size(), sha, crc)) {
      throw malformed("entry " + EntryNames.printable(c.name()) + ": data truncated");
    }
    String hex = HexFormat.of().formatHex(sha.digest());
    if (!hex.equals(f.sha256())) {
      throw reject(
          RejectionReason.DIGEST_MISMATCH,
          "entry "
              + EntryNames.printable(c.name())
              + ": SHA-256 "
              + hex
              + " (expected: "
              + f.sha256()
              + ")");
    }
    if ((int) crc.getValue() != c.crc()) {
      throw reject(
          RejectionReason.DIGEST_MISMATCH,
          "entry " + EntryNames.printable(c.name()) + ": CRC-32 differs from the archive");
    }
  }

  private static ByteBuffer read(FileChannel ch, long position, int length)
      throws IOException, Rejection {
    ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      int n = ch.read(b, position + b.position());
      if (n < 0) {
        throw malformed("package: ends at " + (position + b.position()) + " (expected: more)");
      }
    }
    b.flip();
    return b;
  }

  private static int u16(ByteBuffer b, int at) {
    return Short.toUnsignedInt(b.getShort(at));
  }

  private static long u32(ByteBuffer b, int at) {
    return Integer.toUnsignedLong(b.getInt(at));
  }

  private static Rejection malformed(String message) {
    return new Rejection(RejectionReason.MALFORMED_ZIP, message);
  }

  private static Rejection reject(RejectionReason reason, String message) {
    return new Rejection(reason, message);
  }
}
