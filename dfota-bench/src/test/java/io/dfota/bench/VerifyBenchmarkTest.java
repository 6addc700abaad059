package io.dfota.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.signing.VerificationResult;
import java.nio.file.Files;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class VerifyBenchmarkTest {

  @Test
  void setupSignsATinyPackageThatVerifiesAndHashesTheSameBytes() throws Exception {
    VerifyBenchmark bench = new VerifyBenchmark();
    bench.size = 1024;
    bench.alg = "ECDSA-P256-SHA256";
    bench.setUp();
    try {
      VerificationResult.Verified v = (VerificationResult.Verified) bench.verify();
      assertEquals(1024, v.binary().size());
      assertEquals(HexFormat.of().formatHex(bench.sha256()), v.binary().sha256Hex());
      assertEquals(HexFormat.of().formatHex(bench.sha256OfPackageFile()), v.binary().sha256Hex());
      assertTrue(Files.exists(bench.signedPackage()));
    } finally {
      bench.tearDown();
    }
    assertFalse(Files.exists(bench.signedPackage()));
  }
}
