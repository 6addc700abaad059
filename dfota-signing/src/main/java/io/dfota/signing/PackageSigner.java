package io.dfota.signing;

import io.dfota.signing.internal.ArchiveWriter;
import io.dfota.signing.internal.Crypto;
import io.dfota.signing.internal.EntryNames;
import io.dfota.signing.internal.Files2;
import io.dfota.signing.internal.Manifest;
import io.dfota.signing.internal.Qsig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.jspecify.annotations.Nullable;

/**
 * The signtool's "sign" step (protocol-notes §5.1, §5.3): reads {@code X.zip}, writes {@code
 * X_signed.zip} next to it in the QSIG/1 format (the original entries with identical bytes, the
 * manifest {@code META-INF/QSIG.MF.json} and the signature {@code META-INF/QSIG.SIG}), checks the
 * result with a {@link PackageVerifier}, and only then renames it into place atomically.
 */
public final class PackageSigner {

  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final SignatureAlgorithm algorithm;
  private final String manufacturer;
  private final Clock clock;
  private final VerifierLimits limits;
  private final PackagePolicy policy;

  private PackageSigner(
      Builder b, PrivateKey privateKey, PublicKey publicKey, SignatureAlgorithm alg) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.algorithm = alg;
    this.manufacturer = Objects.requireNonNull(b.manufacturer);
    this.clock = b.clock;
    this.limits = b.limits;
    this.policy = b.policy;
  }

  /**
   * Starts a signer.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the key id of the signing key, as written in every manifest.
   *
   * @return the key id
   */
  public String keyId() {
    return Crypto.keyId(publicKey);
  }

  /**
   * Returns the signature algorithm.
   *
   * @return the algorithm
   */
  public SignatureAlgorithm algorithm() {
    return algorithm;
  }

  /**
   * Signs {@code X.zip} into {@code X_signed.zip} in the same directory, replacing it if present.
   *
   * @param zip the input zip holding the delta {@code .bin}
   * @return the signed zip
   * @throws SigningException if the input is missing, unreadable, unsafe, violates the package
   *     policy or the limits, or writing fails
   */
  public Path sign(Path zip) {
    String fileName = zip.getFileName() == null ? "" : zip.getFileName().toString();
    if (fileName.length() <= 4
        || !fileName.regionMatches(true, fileName.length() - 4, ".zip", 0, 4)) {
      throw new SigningException("zip: " + zip + " (expected: a file name ending in .zip)");
    }
    if (!Files.isRegularFile(zip)) {
      throw new SigningException("zip: " + zip + ": no such file");
    }
    Path dir = Files2.dirOf(zip);
    Path out = dir.resolve(fileName.substring(0, fileName.length() - 4) + "_signed.zip");
    Path tmp = null;
    try (ZipFile in = new ZipFile(zip.toFile())) {
      long inputSize = Files.size(zip);
      if (inputSize > limits.maxPackageBytes()) {
        throw new SigningException(
            "zip: "
                + zip
                + ": "
                + inputSize
                + " bytes (expected: at most "
                + limits.maxPackageBytes()
                + ")");
      }
      List<ZipEntry> entries = entriesOf(zip, in);
      Instant created = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      tmp = Files.createTempFile(dir, "." + fileName, ".qsig.tmp");
      List<Manifest.FileEntry> files = new ArrayList<>();
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ArchiveWriter writer = new ArchiveWriter(ch, created, limits.maxPackageBytes());
        for (ZipEntry e : entries) {
          try (InputStream data = in.getInputStream(e)) {
            ArchiveWriter.Written w = writer.add(e.getName(), data, limits.maxEntryBytes());
            files.add(new Manifest.FileEntry(w.name(), w.size(), w.sha256()));
          }
        }
        Manifest manifest = new Manifest(algorithm, keyId(), manufacturer, created, files);
        byte[] manifestBytes = manifest.toJson();
        if (manifestBytes.length > limits.maxManifestBytes()) {
          throw new SigningException(
              "manifest: "
                  + manifestBytes.length
                  + " bytes (expected: at most "
                  + limits.maxManifestBytes()
                  + ")");
        }
        writer.add(Qsig.MANIFEST_NAME, manifestBytes);
        writer.add(Qsig.SIGNATURE_NAME, Crypto.sign(algorithm, privateKey, manifestBytes));
        writer.finish();
        ch.force(true);
      }
      VerificationResult check =
          PackageVerifier.builder()
              .trust(new TrustedKey(manufacturer, publicKey))
              .limits(limits)
              .packagePolicy(policy)
              .build()
              .verify(tmp, manufacturer);
      if (check instanceof VerificationResult.Rejected) {
        throw new SigningException(
            "signed package: fails its own verification: "
                + ((VerificationResult.Rejected) check).message());
      }
      Files2.replace(tmp, out);
      return out;
    } catch (NoSuchFileException e) {
      throw new SigningException("zip: " + zip + ": no such file", e);
    } catch (ZipException e) {
      throw new SigningException("zip: " + zip + ": " + e.getMessage() + " (expected: a zip)", e);
    } catch (IOException e) {
      throw new SigningException("zip: " + zip + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  private List<ZipEntry> entriesOf(Path zip, ZipFile in) {
    List<ZipEntry> entries = new ArrayList<>(Collections.list(in.entries()));
    if (entries.size() > limits.maxEntries() - 2) {
      throw new SigningException(
          "zip: "
              + zip
              + ": "
              + entries.size()
              + " entries (expected: at most "
              + (limits.maxEntries() - 2)
              + ")");
    }
    Set<String> names = new HashSet<>();
    for (ZipEntry e : entries) {
      String problem = EntryNames.problem(e.getName());
      if (problem != null) {
        throw new SigningException("zip: " + zip + ": " + problem);
      }
      if (e.getName().startsWith(Qsig.META_INF)) {
        throw new SigningException(
            "zip: "
                + zip
                + ": entry "
                + EntryNames.printable(e.getName())
                + " (expected: no META-INF/ entry; is the zip already signed?)");
      }
      if (!names.add(e.getName())) {
        throw new SigningException(
            "zip: "
                + zip
                + ": entry "
                + EntryNames.printable(e.getName())
                + " appears twice (expected: once)");
      }
    }
    String problem = policy.problem(names);
    if (problem != null) {
      throw new SigningException("zip: " + zip + ": " + problem);
    }
    entries.sort(Comparator.comparing(ZipEntry::getName));
    return entries;
  }

  private static void deleteQuietly(@Nullable Path tmp) {
    if (tmp != null) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        // the temporary file stays behind; the signed output is not affected
      }
    }
  }

  /** Configures a {@link PackageSigner}. */
  public static final class Builder {
    private @Nullable PrivateKey privateKey;
    private @Nullable PublicKey publicKey;
    private @Nullable SignatureAlgorithm algorithm;
    private @Nullable String manufacturer;
    private Clock clock = Clock.systemUTC();
    private VerifierLimits limits = VerifierLimits.defaults();
    private PackagePolicy policy = PackagePolicy.EXACTLY_ONE_BIN;

    private Builder() {}

    /**
     * Sets the private key (required), for example from {@link PemKeys#readPrivateKey(Path,
     * char[])}.
     *
     * @param key the key
     * @return this builder
     */
    public Builder privateKey(PrivateKey key) {
      this.privateKey = Objects.requireNonNull(key, "privateKey");
      return this;
    }

    /**
     * Sets the public key; by default it is derived from the private key.
     *
     * @param key the key
     * @return this builder
     */
    public Builder publicKey(PublicKey key) {
      this.publicKey = Objects.requireNonNull(key, "publicKey");
      return this;
    }

    /**
     * Sets the algorithm; by default the one that fits the key.
     *
     * @param value the algorithm
     * @return this builder
     */
    public Builder algorithm(SignatureAlgorithm value) {
      this.algorithm = Objects.requireNonNull(value, "algorithm");
      return this;
    }

    /**
     * Sets the manufacturer (required); it must match the platform's profile (protocol-notes §1.1).
     *
     * @param value the manufacturer name
     * @return this builder
     */
    public Builder manufacturer(String value) {
      ManufacturerNames.check(Objects.requireNonNull(value, "manufacturer"));
      this.manufacturer = value;
      return this;
    }

    /**
     * Sets the clock for the manifest's {@code created}; default system UTC.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Sets the limits the output must respect; default {@link VerifierLimits#defaults()}.
     *
     * @param value the limits
     * @return this builder
     */
    public Builder limits(VerifierLimits value) {
      this.limits = Objects.requireNonNull(value, "limits");
      return this;
    }

    /**
     * Sets the package policy the input must respect; default {@link
     * PackagePolicy#EXACTLY_ONE_BIN}.
     *
     * @param value the policy
     * @return this builder
     */
    public Builder packagePolicy(PackagePolicy value) {
      this.policy = Objects.requireNonNull(value, "packagePolicy");
      return this;
    }

    /**
     * Builds the signer.
     *
     * @return the signer
     * @throws IllegalStateException if the private key or the manufacturer is missing
     * @throws SigningException if the algorithm does not fit the key, or the public key does not
     *     belong to the private key
     */
    public PackageSigner build() {
      if (privateKey == null) {
        throw new IllegalStateException("privateKey: missing (expected: a private key)");
      }
      if (manufacturer == null) {
        throw new IllegalStateException("manufacturer: missing (expected: a manufacturer name)");
      }
      PublicKey derived = Crypto.publicKeyOf(privateKey);
      PublicKey pub = publicKey == null ? derived : publicKey;
      if (!Crypto.keyId(pub).equals(Crypto.keyId(derived))) {
        throw new SigningException(
            "publicKey: does not belong to the private key (expected: a pair)");
      }
      SignatureAlgorithm alg = algorithm == null ? SignatureAlgorithm.forKey(pub) : algorithm;
      if (!alg.accepts(pub)) {
        throw new SigningException(
            "algorithm: "
                + alg.id()
                + " (expected: one that fits the key, "
                + SignatureAlgorithm.forKey(pub).id()
                + ")");
      }
      return new PackageSigner(this, privateKey, pub, alg);
    }
  }
}
