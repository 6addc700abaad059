package io.dfota.samples.platformserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dfota.emulator.EmulatedPackage;
import io.dfota.emulator.Imei;
import io.dfota.signing.PackageSigner;
import io.dfota.signing.Packager;
import io.dfota.signing.PemKeys;
import io.dfota.signing.SignatureAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Fills a platform directory with the seed's example (protocol-notes §1.1, §1.2): the WaterMeter /
 * Quectel / NBIoTDevice / CoAP Profile with {@code omCapability} (the bundled {@code
 * profile.json}), a fresh manufacturer public key, the emulated delta {@code
 * BC35GJBR01A03_TO_BC35GJBR01A04} signed with it, and a task for the group {@code DFOTA} of
 * emulated modules (the IMEIs a default dfota-emulator fleet uses). The private key is not kept.
 */
public final class ExampleDirectory {
  /** The seed's versions. */
  public static final String FROM = "BC35GJBR01A03";

  /** The version the example package upgrades to. */
  public static final String TO = "BC35GJBR01A04";

  private ExampleDirectory() {}

  /**
   * Returns the IMEIs of the first modules of a default emulated fleet (IMEI 867725030008282 on).
   *
   * @param count how many
   * @return the IMEIs
   */
  public static List<String> fleetImeis(int count) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(Imei.of(Imei.SEED_TAC, 828 + i).value());
    }
    return out;
  }

  /**
   * Writes {@code profile.json}, {@code keys/Quectel.pem}, {@code
   * packages/BC35GJBR01A03_TO_BC35GJBR01A04_signed.zip} and {@code task.json} under {@code dir}.
   *
   * @param dir the platform directory, created if missing
   * @param devices the IMEIs of the task's group
   */
  public static void write(Path dir, List<String> devices) {
    try {
      Files.createDirectories(dir);
      try (InputStream profile = ExampleDirectory.class.getResourceAsStream("profile.json")) {
        if (profile == null) {
          throw new IllegalStateException("profile.json: missing from the sample's resources");
        }
        Files.copy(
            profile, dir.resolve(PlatformServer.PROFILE), StandardCopyOption.REPLACE_EXISTING);
      }
      KeyPair keys = PemKeys.generate(SignatureAlgorithm.RSA2048_SHA256);
      Path keyDir = Files.createDirectories(dir.resolve(PlatformServer.KEYS));
      Files.writeString(
          keyDir.resolve("Quectel.pem"),
          PemKeys.publicKeyPem(keys.getPublic()),
          StandardCharsets.US_ASCII);

      Path work = Files.createTempDirectory("dfota-example-");
      byte[] payload = new byte[8 * 1024];
      new Random(20181130L).nextBytes(payload);
      Path bin = work.resolve(FROM + "_TO_" + TO + ".bin");
      Files.write(
          bin, new EmulatedPackage(FROM, TO, EmulatedPackage.Bytes.copyOf(payload)).encode());
      Path signed =
          PackageSigner.builder()
              .privateKey(keys.getPrivate())
              .manufacturer("Quectel")
              .build()
              .sign(Packager.zipBinary(bin));
      Path packages = Files.createDirectories(dir.resolve(PlatformServer.PACKAGES));
      Files.move(
          signed,
          packages.resolve(signed.getFileName().toString()),
          StandardCopyOption.REPLACE_EXISTING);
      try (var files = Files.list(work)) {
        for (Path p : files.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(work);

      ObjectMapper json = new ObjectMapper();
      ObjectNode task = json.createObjectNode();
      task.put("name", "task 5");
      task.put("group", "DFOTA");
      task.put("version", TO);
      task.put("retries", 5);
      devices.forEach(task.putArray("devices")::add);
      json.writerWithDefaultPrettyPrinter()
          .writeValue(dir.resolve(PlatformServer.TASK).toFile(), task);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
