package io.dfota.cli;

import io.dfota.emulator.EmulatedPackage;
import io.dfota.signing.PackageSigner;
import io.dfota.signing.Packager;
import io.dfota.signing.PemKeys;
import io.dfota.signing.SignatureAlgorithm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Random;

/**
 * The seed's example values (protocol-notes §1.1–1.2): the WaterMeter / Quectel / NBIoTDevice /
 * CoAP profile with {@code omCapability}, the BC35GJBR01A03 → BC35GJBR01A04 delta, and the steps
 * that turn it into a signed package (keys, {@code .bin}, {@code .zip}, {@code _signed.zip}).
 */
final class Seed {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Seed.class);

  static final String FROM_VERSION = "BC35GJBR01A03";
  static final String TO_VERSION = "BC35GJBR01A04";
  static final String BIN_NAME = FROM_VERSION + "_TO_" + TO_VERSION + ".bin";
  static final String DEVICE_TYPE = "WaterMeter";
  static final String MANUFACTURER = "Quectel";
  static final String MODEL = "NBIoTDevice";
  static final String PROTOCOL = "CoAP";
  static final String GROUP = "DFOTA";

  /** The uplink that triggers DFOTA in the seed: {@code AT+QLWULDATA=3,313233}. */
  static final byte[] UPLINK = "123".getBytes(StandardCharsets.US_ASCII);

  /** The seed's Profile, with the OM capability block that firmware upgrades need. */
  static final String PROFILE =
      "{\n"
          + "  \"devices\": [{\n"
          + "    \"manufacturerId\": \"Quectel\",\n"
          + "    \"manufacturerName\": \"Quectel\",\n"
          + "    \"model\": \"NBIoTDevice\",\n"
          + "    \"protocolType\": \"CoAP\",\n"
          + "    \"deviceType\": \"WaterMeter\",\n"
          + "    \"omCapability\": {\n"
          + "      \"upgradeCapability\": {\"supportUpgrade\": false},\n"
          + "      \"fwUpgradeCapability\": {\"supportUpgrade\": true,\n"
          + "        \"upgradeProtocolType\": \"LWM2M\", \"downloadProtocolType\": \"CoAP\"}\n"
          + "    },\n"
          + "    \"serviceTypeCapabilities\": [\n"
          + "      {\"serviceId\": \"Brightness\", \"option\": \"Master\"},\n"
          + "      {\"serviceId\": \"WaterData\", \"option\": \"Optional\"}\n"
          + "    ]\n"
          + "  }]\n"
          + "}\n";

  /** The size of the demo's delta payload. */
  static final int PAYLOAD_BYTES = 16 * 1024;

  private Seed() {}

  /** What {@link #preparePackage} produced. */
  record Prepared(Path keyDir, Path bin, Path zip, Path signedZip, String publicPem) {}

  /**
   * Creates an RSA2048 key pair (the private key encrypted with a generated password that is never
   * shown), the emulated QDFE delta {@code .bin}, its zip and the signed zip, all under {@code
   * dir}.
   *
   * @param dir the directory
   * @return the files
   */
  static Prepared preparePackage(Path dir) {
    return preparePackage(dir, PAYLOAD_BYTES);
  }

  /**
   * Like {@link #preparePackage(Path)}, with a delta payload of the given size.
   *
   * @param dir the directory
   * @param payloadBytes the size of the delta payload
   * @return the files
   */
  static Prepared preparePackage(Path dir, int payloadBytes) {
    try {
      Path keyDir = Files.createDirectories(dir.resolve("keys"));
      Path pkgDir = Files.createDirectories(dir.resolve("package"));
      char[] password = generatedPassword();
      PrivateKey privateKey;
      try {
        long t0 = System.nanoTime();
        KeyPair pair = PemKeys.generate(SignatureAlgorithm.RSA2048_SHA256);
        long t1 = System.nanoTime();
        PemKeys.writeKeyPair(pair, password, keyDir, true);
        long t2 = System.nanoTime();
        privateKey = PemKeys.readPrivateKey(keyDir.resolve(PemKeys.PRIVATE_PEM), password);
        LOG.info(
            "RSA2048 key pair generated in {} ms, written in {} ms, read back in {} ms",
            (t1 - t0) / 1_000_000,
            (t2 - t1) / 1_000_000,
            (System.nanoTime() - t2) / 1_000_000);
      } finally {
        java.util.Arrays.fill(password, '\0');
      }
      byte[] payload = new byte[payloadBytes];
      new Random(20181130L).nextBytes(payload);
      EmulatedPackage delta =
          new EmulatedPackage(FROM_VERSION, TO_VERSION, EmulatedPackage.Bytes.copyOf(payload));
      Path bin = pkgDir.resolve(BIN_NAME);
      Files.write(bin, delta.encode());
      Path zip = Packager.zipBinary(bin);
      Path signed =
          PackageSigner.builder()
              .privateKey(privateKey)
              .manufacturer(MANUFACTURER)
              .build()
              .sign(zip);
      LOG.info("signed {}", signed.getFileName());
      String publicPem =
          Files.readString(keyDir.resolve(PemKeys.PUBLIC_PEM), StandardCharsets.US_ASCII);
      return new Prepared(keyDir, bin, zip, signed, publicPem);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A random password that passes the signtool's rule (upper, lower, digit, other). */
  static char[] generatedPassword() {
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    String text = "Dk7-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    java.util.Arrays.fill(random, (byte) 0);
    return text.toCharArray();
  }
}
