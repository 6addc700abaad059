package io.dfota.signing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dfota.signing.RejectionReason;
import io.dfota.signing.SignatureAlgorithm;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestTest {

  private static final String KEY_ID = "vFcPBinBdZeMjD2HyY2jT_CHxiVict-lbEPbYdczpVs";
  private static final String SHA =
      "117a717d51c314d0f2f61f207e72e27f59d041406ede82c0d32c996295d536c6";
  private static final String VALID =
      "{\"format\":\"qsig/1\",\"alg\":\"RSA2048-SHA256\",\"keyId\":\""
          + KEY_ID
          + "\",\"manufacturer\":\"Quectel\",\"created\":\"2018-11-30T08:00:00Z\","
          + "\"files\":[{\"name\":\"a.bin\",\"size\":1,\"sha256\":\""
          + SHA
          + "\"}]}";

  @Test
  void writesTheDocumentedFieldOrderAndParsesItBack() throws Rejection {
    Manifest m =
        new Manifest(
            SignatureAlgorithm.RSA2048_SHA256,
            KEY_ID,
            "Quectel",
            Instant.parse("2018-11-30T08:00:00Z"),
            List.of(new Manifest.FileEntry("a.bin", 1, SHA)));
    assertEquals(VALID, new String(m.toJson(), StandardCharsets.UTF_8));
    assertEquals(m, Manifest.parse(m.toJson(), 10));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "[]",
        "{}",
        "{\"format\":\"qsig/2\"}",
        "{\"format\":\"qsig/1\",\"format\":\"qsig/1\"}",
        "{\"extra\":1}",
        "{\"files\":[[[[[]]]]]}",
        "{\"files\":[{\"name\":\"b.bin\",\"size\":1,\"sha256\":\"x\"}]}",
        "{\"files\":[{\"name\":\"../a.bin\",\"size\":1,\"sha256\":\"x\"}]}",
      })
  void rejectsDocumentsThatAreNotQsigManifests(String json) {
    Rejection r =
        assertThrows(
            Rejection.class, () -> Manifest.parse(json.getBytes(StandardCharsets.UTF_8), 10));
    assertEquals(RejectionReason.MANIFEST_INVALID, r.reason());
  }

  @Test
  void rejectsTrailingContentUnsortedFilesAndForeignEncodings() {
    assertInvalid(VALID + " {}");
    assertInvalid(VALID.replace("2018-11-30T08:00:00Z", "yesterday"));
    assertInvalid(VALID.replace("RSA2048-SHA256", "RSA1024-MD5"));
    assertInvalid(VALID.replace("\"size\":1", "\"size\":-1"));
    assertInvalid(VALID.replace("\"size\":1", "\"size\":\"1\""));
    assertInvalid(VALID.replace("a.bin", "META-INF/a.bin"));
    String two =
        VALID.replace("}]}", "},{\"name\":\"a.bin\",\"size\":1,\"sha256\":\"" + SHA + "\"}]}");
    assertInvalid(two);
    assertEquals(
        RejectionReason.MANIFEST_INVALID,
        assertThrows(
                Rejection.class, () -> Manifest.parse(VALID.getBytes(StandardCharsets.UTF_16), 10))
            .reason());
    assertEquals(
        RejectionReason.MANIFEST_INVALID,
        assertThrows(
                Rejection.class, () -> Manifest.parse(VALID.getBytes(StandardCharsets.UTF_8), 0))
            .reason());
  }

  private static void assertInvalid(String json) {
    Rejection r =
        assertThrows(
            Rejection.class, () -> Manifest.parse(json.getBytes(StandardCharsets.UTF_8), 10));
    assertEquals(RejectionReason.MANIFEST_INVALID, r.reason(), json);
  }
}
