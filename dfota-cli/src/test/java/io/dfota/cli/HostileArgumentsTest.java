package io.dfota.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Regression examples found by {@link CliArgumentsProperties}. */
class HostileArgumentsTest {

  @Test
  void aPathWithANulCharacterIsAUsageErrorWithoutTheJdkExceptionText() {
    Cli.Result r = Cli.run("package", "--bin=a\u0000b.bin");
    assertEquals(Main.EXIT_USAGE, r.code(), r::toString);
    assertTrue(r.err().contains("--bin"), r::toString);
    assertTrue(r.err().contains("not a file path: Nul character not allowed"), r::toString);
    assertFalse(r.err().contains("Exception"), r::toString);
  }

  @Test
  void aPositionalPathWithANulCharacterIsAUsageErrorToo() {
    Cli.Result r = Cli.run("verify", "--public-key=k.pem", "x\u0000.zip");
    assertEquals(Main.EXIT_USAGE, r.code(), r::toString);
    assertFalse(r.err().contains("Exception"), r::toString);
  }

  @Test
  void aDurationThatDoesNotParseIsAUsageErrorWithoutTheJdkExceptionText() {
    Cli.Result r = Cli.run("demo", "--timeout", "soon");
    assertEquals(Main.EXIT_USAGE, r.code(), r::toString);
    assertTrue(r.err().contains("not a duration (expected: ISO-8601"), r::toString);
    assertFalse(r.err().contains("Exception"), r::toString);
  }
}
