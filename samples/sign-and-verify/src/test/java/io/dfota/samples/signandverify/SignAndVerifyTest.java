package io.dfota.samples.signandverify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.signing.VerifiedBinary;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignAndVerifyTest {

  @TempDir Path dir;

  @Test
  void mainSignsTheBinAndPrintsItsVerifiedNameSizeAndDigest() throws Exception {
    PrintStream saved = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      SignAndVerify.main(new String[] {dir.toString()});
    } finally {
      System.setOut(saved);
    }
    Path bin = dir.resolve(SignAndVerify.BIN_NAME);
    byte[] bytes = Files.readAllBytes(bin);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    assertEquals(
        "verified " + SignAndVerify.BIN_NAME + ": " + bytes.length + " bytes, SHA-256 " + sha,
        out.toString(StandardCharsets.UTF_8).strip());
    assertTrue(Files.isRegularFile(dir.resolve("BC35GJBR01A03_TO_BC35GJBR01A04_signed.zip")));
  }

  @Test
  void verifiedBinaryStreamsTheOriginalBytes() throws Exception {
    Path bin = dir.resolve("FROM_TO.bin");
    byte[] bytes = new byte[3000];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31);
    }
    Files.write(bin, bytes);
    VerifiedBinary verified = SignAndVerify.signAndVerify(bin);
    assertEquals("FROM_TO.bin", verified.name());
    assertEquals(bytes.length, verified.size());
    try (InputStream in = verified.openStream()) {
      assertEquals(HexFormat.of().formatHex(bytes), HexFormat.of().formatHex(in.readAllBytes()));
    }
  }
}
