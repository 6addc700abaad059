package io.dfota.bench.fleet;

import io.dfota.emulator.EmulatedPackage;
import io.dfota.signing.PackageSigner;
import io.dfota.signing.Packager;
import io.dfota.signing.PemKeys;
import io.dfota.signing.SignatureAlgorithm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * The package the benchmark uploads, as the seed prepares one (protocol-notes §1.1): a {@code .bin}
 * of S KiB of random bytes, zipped and signed with a fresh ECDSA P-256 key of the manufacturer;
 * plus the seed's profile with the OM capability that firmware upgrades need.
 *
 * @param signedZip the signed zip
 * @param publicPem the manufacturer's public key
 * @param size the {@code .bin} size in bytes
 * @param sha256Hex the SHA-256 of the {@code .bin}
 * @param payload the {@code .bin} bytes (held only while the run lasts; the baseline serves them)
 */
record SignedPackage(
    Path signedZip, String publicPem, int size, String sha256Hex, Payload payload) {

  static final String FROM_VERSION = "BC35GJBR01A03";
  static final String TO_VERSION = "BC35GJBR01A04";
  static final String DEVICE_TYPE = "WaterMeter";
  static final String MANUFACTURER = "Quectel";
  static final String MODEL = "NBIoTDevice";
  static final String PROTOCOL = "CoAP";

  /** The seed's profile (protocol-notes §1.1) with {@code omCapability}. */
  static final String PROFILE =
      "{\"devices\":[{\"manufacturerId\":\"Quectel\",\"manufacturerName\":\"Quectel\","
          + "\"model\":\"NBIoTDevice\",\"protocolType\":\"CoAP\",\"deviceType\":\"WaterMeter\","
          + "\"omCapability\":{\"upgradeCapability\":{\"supportUpgrade\":false},"
          + "\"fwUpgradeCapability\":{\"supportUpgrade\":true,\"upgradeProtocolType\":\"LWM2M\","
          + "\"downloadProtocolType\":\"CoAP\"}},"
          + "\"serviceTypeCapabilities\":[{\"serviceId\":\"WaterData\",\"option\":\"Optional\"}]"
          + "}]}";

  /** Immutable package bytes. */
  static final class Payload {
    private final byte[] bytes;

    Payload(byte[] bytes) {
      this.bytes = bytes.clone();
    }

    byte[] copy() {
      return bytes.clone();
    }
  }

  /**
   * Creates the key, the {@code .bin}, the zip and the signed zip under a directory.
   *
   * @param dir the directory
   * @param sizeBytes the {@code .bin} size
   * @return the package
   */
  static SignedPackage create(Path dir, int sizeBytes) {
    try {
      // a QDFE/1 emulated package of exactly sizeBytes, so that simulated devices accept it
      int header = 43 + FROM_VERSION.length() + TO_VERSION.length();
      byte[] random = new byte[sizeBytes - header];
      new SplittableRandom(sizeBytes).nextBytes(random);
      byte[] bin =
          new EmulatedPackage(FROM_VERSION, TO_VERSION, EmulatedPackage.Bytes.copyOf(random))
              .encode();
      Path binFile =
          Files.write(
              Files.createDirectories(dir).resolve(FROM_VERSION + "_TO_" + TO_VERSION + ".bin"),
              bin);
      KeyPair pair = PemKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
      Path signed =
          PackageSigner.builder()
              .privateKey(pair.getPrivate())
              .manufacturer(MANUFACTURER)
              .build()
              .sign(Packager.zipBinary(binFile));
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bin));
      return new SignedPackage(
          signed, PemKeys.publicKeyPem(pair.getPublic()), sizeBytes, sha, new Payload(bin));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256: not available (expected: in every JDK)", e);
    }
  }
}
