package io.dfota.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.core.PackageContent;
import io.dfota.signing.PackageSigner;
import io.dfota.signing.Packager;
import io.dfota.signing.PemKeys;
import io.dfota.signing.SignatureAlgorithm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {

  private static KeyPair keyA;
  private static KeyPair keyB;

  @TempDir Path dir;

  @BeforeAll
  static void keys() {
    keyA = PemKeys.generate(SignatureAlgorithm.RSA2048_SHA256);
    keyB = PemKeys.generate(SignatureAlgorithm.RSA2048_SHA256);
  }

  private Catalog catalog() {
    Catalog c =
        Catalog.builder().store(CampaignStore.inMemory()).dataDir(dir.resolve("data")).build();
    c.importProfile(Harness.PROFILE).orThrow();
    return c;
  }

  private Path signed(KeyPair key, String name, byte[] content) throws IOException {
    Path d = Files.createTempDirectory(dir, "pkg");
    Path bin = d.resolve(name);
    Files.write(bin, content);
    Path zip = Packager.zipBinary(bin);
    return PackageSigner.builder()
        .privateKey(key.getPrivate())
        .manufacturer("Quectel")
        .build()
        .sign(zip);
  }

  private static PackageUpload upload(Path zip) {
    return new PackageUpload(zip, Harness.NEW, "WaterMeter", "Quectel", "NBIoTDevice", "CoAP");
  }

  private static <T> Outcome.Refused<T> refused(Outcome<T> o) {
    assertTrue(o instanceof Outcome.Refused, "expected a refusal, got " + o);
    return (Outcome.Refused<T>) o;
  }

  private static final byte[] BIN = "delta firmware A03 to A04".getBytes(StandardCharsets.US_ASCII);

  @Test
  void storesAVerifiedPackageWithItsInnerBinary() throws Exception {
    Catalog c = catalog();
    ManufacturerKey k = c.uploadKey("Quectel", PemKeys.publicKeyPem(keyA.getPublic())).orThrow();
    assertEquals(PemKeys.keyId(keyA.getPublic()), k.keyId());
    Path zip = signed(keyA, "BC35GJBR01A03_TO_BC35GJBR01A04.bin", BIN);
    assertTrue(zip.getFileName().toString().endsWith("_signed.zip"));
    FirmwarePackage p = c.uploadPackage(upload(zip)).orThrow();
    assertEquals("BC35GJBR01A03_TO_BC35GJBR01A04.bin", p.binName());
    assertEquals(BIN.length, p.size());
    assertEquals(
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(BIN)), p.sha256Hex());
    assertEquals(k.keyId(), p.keyId());
    assertEquals(List.of(p), c.packages());
    PackageContent content = c.content(p);
    ByteBuffer buf = ByteBuffer.allocate(100);
    assertEquals(BIN.length, content.read(0, buf));
    assertEquals(
        new String(BIN, StandardCharsets.US_ASCII),
        new String(buf.array(), 0, BIN.length, StandardCharsets.US_ASCII));
    assertEquals(Refusal.DUPLICATE, refused(c.uploadPackage(upload(zip))).reason());
  }

  @Test
  void severalKeysOfAManufacturerAreActiveUntilRetired() throws Exception {
    Catalog c = catalog();
    c.uploadKey("Quectel", PemKeys.publicKeyPem(keyA.getPublic())).orThrow();
    ManufacturerKey b = c.uploadKey("Quectel", PemKeys.publicKeyPem(keyB.getPublic())).orThrow();
    assertTrue(c.uploadPackage(upload(signed(keyB, "x.bin", BIN))).accepted());
    c.retireKey("Quectel", b.keyId()).orThrow();
    assertEquals(2, c.keys("Quectel").size());
    PackageUpload next =
        new PackageUpload(
            signed(keyB, "y.bin", BIN),
            "BC35GJBR01A05",
            "WaterMeter",
            "Quectel",
            "NBIoTDevice",
            "CoAP");
    Outcome.Refused<FirmwarePackage> r = refused(c.uploadPackage(next));
    assertEquals(Refusal.UNKNOWN_KEY, r.reason());
    assertTrue(
        r.message().startsWith("The package is not signed with an active public key"), r.message());
    assertEquals(Refusal.WRONG_STATUS, refused(c.retireKey("Quectel", b.keyId())).reason());
  }

  @Test
  void refusesAPackageSignedWithAnUnknownKey() throws Exception {
    Catalog c = catalog();
    c.uploadKey("Quectel", PemKeys.publicKeyPem(keyA.getPublic())).orThrow();
    Outcome.Refused<FirmwarePackage> r =
        refused(c.uploadPackage(upload(signed(keyB, "x.bin", BIN))));
    assertEquals(Refusal.UNKNOWN_KEY, r.reason());
  }

  @Test
  void refusesAPackageWhenNoKeyIsUploaded() throws Exception {
    Catalog c = catalog();
    Outcome.Refused<FirmwarePackage> r =
        refused(c.uploadPackage(upload(signed(keyA, "x.bin", BIN))));
    assertEquals(Refusal.UNKNOWN_KEY, r.reason());
    assertEquals("No active public key is uploaded for manufacturer 'Quectel'", r.message());
  }

  @Test
  void refusesABadSignature() throws Exception {
    Catalog c = catalog();
    c.uploadKey("Quectel", PemKeys.publicKeyPem(keyA.getPublic())).orThrow();
    Path good = signed(keyA, "x.bin", BIN);
    Path other = signed(keyA, "x.bin", "another delta".getBytes(StandardCharsets.US_ASCII));
    Path forged = dir.resolve("forged_signed.zip");
    Files.write(forged, swapSignature(good, other));
    Outcome.Refused<FirmwarePackage> r = refused(c.uploadPackage(upload(forged)));
    assertEquals(Refusal.BAD_SIGNATURE, r.reason());
    assertTrue(r.message().startsWith("The package signature does not verify"), r.message());
  }

  /** Puts the signature of {@code other} (same key, same length) into {@code good}, fixing CRCs. */
  private static byte[] swapSignature(Path good, Path other) throws IOException {
    byte[] zip = Files.readAllBytes(good);
    byte[] oldSig = entry(good, "META-INF/QSIG.SIG");
    byte[] newSig = entry(other, "META-INF/QSIG.SIG");
    assertEquals(oldSig.length, newSig.length);
    int at = indexOf(zip, oldSig);
    System.arraycopy(newSig, 0, zip, at, newSig.length);
    byte[] oldCrc = crcLe(oldSig);
    byte[] newCrc = crcLe(newSig);
    for (int i = indexOf(zip, oldCrc); i >= 0; i = indexOf(zip, oldCrc)) {
      System.arraycopy(newCrc, 0, zip, i, 4);
    }
    return zip;
  }

  private static byte[] entry(Path zip, String name) throws IOException {
    try (ZipFile z = new ZipFile(zip.toFile())) {
      ZipEntry e = z.getEntry(name);
      try (InputStream in = z.getInputStream(e)) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
      }
    }
  }

  private static byte[] crcLe(byte[] data) {
    CRC32 crc = new CRC32();
    crc.update(data);
    long v = crc.getValue();
    return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void refusesEachMetadataFieldThatDiffersFromTheProfileNamingIt() throws Exception {
    Catalog c = catalog();
    c.uploadKey("Quectel", PemKeys.publicKeyPem(keyA.getPublic())).orThrow();
    Path zip = signed(keyA, "x.bin", BIN);
    String[][] cases = {
      {"GasMeter", "Quectel", "NBIoTDevice", "CoAP", "device type 'GasMeter'", "'WaterMeter'"},
      {"WaterMeter", "Quectel2", "NBIoTDevice", "CoAP", "manufacturer 'Quectel2'", "'Quectel'"},
      {"WaterMeter", "Quectel", "NB-IoTDevice", "CoAP", "model 'NB-IoTDevice'", "'NBIoTDevice'"},
      {"WaterMeter", "Quectel", "NBIoTDevice", "coap", "protocol 'coap'", "'CoAP'"},
    };
    for (String[] f : cases) {
      Outcome.Refused<FirmwarePackage> r =
          refused(c.uploadPackage(new PackageUpload(zip, Harness.NEW, f[0], f[1], f[2], f[3])));
      assertEquals(Refusal.FIELD_MISMATCH, r.reason());
      assertEquals(
          "Package " + f[4] + " does not match the profile's " + f[4].split(" '")[0] + " " + f[5],
          r.message());
    }
  }

  @Test
  void refusesPackagesAndKeysForAProfileWithoutOmCapability() throws Exception {
    Catalog c =
        Catalog.builder().store(CampaignStore.inMemory()).dataDir(dir.resolve("data")).build();
    String noOm =
        "{\"devices\":[{\"manufacturerId\":\"Quectel\",\"manufacturerName\":\"Quectel\","
            + "\"model\":\"NBIoTDevice\",\"protocolType\":\"CoAP\",\"deviceType\":\"WaterMeter\"}]}";
    DeviceProfile p = c.importProfile(noOm).orThrow().get(0);
    assertTrue(!p.fotaCapable());
    c.uploadKey("Quectel", PemKeys.publicKeyPem(keyA.getPublic())).orThrow();
    Outcome.Refused<FirmwarePackage> r =
        refused(c.uploadPackage(upload(signed(keyA, "x.bin", BIN))));
    assertEquals(Refusal.NO_FOTA_CAPABILITY, r.reason());
    assertEquals(
        "Profile WaterMeter/Quectel/NBIoTDevice has no omCapability.fwUpgradeCapability with"
            + " supportUpgrade true, LWM2M and CoAP: it can take neither firmware packages nor"
            + " upgrade tasks",
        r.message());
  }

  @Test
  void refusesKeysOfUnknownManufacturersAndUnreadablePem() {
    Catalog c = catalog();
    assertEquals(
        Refusal.NO_PROFILE,
        refused(c.uploadKey("Acme", PemKeys.publicKeyPem(keyA.getPublic()))).reason());
    Outcome.Refused<ManufacturerKey> r =
        refused(
            c.uploadKey("Quectel", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"));
    assertEquals(Refusal.INVALID_INPUT, r.reason());
    assertTrue(r.message().startsWith("public.pem is not a usable public key"), r.message());
    assertEquals(
        Refusal.INVALID_INPUT, refused(c.uploadKey("Quectel", "x".repeat(20_000))).reason());
  }

  @Test
  void refusesATamperedZip() throws Exception {
    Catalog c = catalog();
    c.uploadKey("Quectel", PemKeys.publicKeyPem(keyA.getPublic())).orThrow();
    Path notAZip = dir.resolve("junk_signed.zip");
    Files.write(notAZip, new byte[] {1, 2, 3});
    Outcome.Refused<FirmwarePackage> r = refused(c.uploadPackage(upload(notAZip)));
    assertTrue(r.reason() == Refusal.INVALID_INPUT || r.reason() == Refusal.BAD_SIGNATURE);
    try (var files = Files.list(dir.resolve("data").resolve("packages"))) {
      assertEquals(0, files.count(), "nothing is kept from a refused upload");
    }
  }

  @Test
  void groupsBindUnbindAndList() {
    Catalog c = catalog();
    c.createGroup("DFOTA").orThrow();
    assertEquals(Refusal.DUPLICATE, refused(c.createGroup("DFOTA")).reason());
    Device d1 =
        new Device(
            java.util.UUID.fromString("eea9a3dd-e551-43ab-8abf-393c8684d395"), "867725030008282");
    Device d2 = new Device(java.util.UUID.randomUUID(), "867725030008283");
    c.bind("DFOTA", List.of(d1, d2, d1)).orThrow();
    assertEquals(List.of(d1, d2), c.group("DFOTA").orElseThrow().devices());
    assertEquals(
        Refusal.DUPLICATE,
        refused(c.bind("DFOTA", List.of(new Device(java.util.UUID.randomUUID(), d1.imei()))))
            .reason());
    c.unbind("DFOTA", List.of(d1.id())).orThrow();
    assertEquals(List.of(d2), c.group("DFOTA").orElseThrow().devices());
    assertEquals(1, c.groups().size());
    assertEquals(Refusal.NOT_FOUND, refused(c.bind("none", List.of(d1))).reason());
  }
}
