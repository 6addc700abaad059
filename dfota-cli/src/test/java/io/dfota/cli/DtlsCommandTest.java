package io.dfota.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.emulator.Imei;
import io.dfota.lwm2m.PskCredential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --dtls} of {@code dfota demo}, {@code dfota platform} and {@code dfota emulate}. */
class DtlsCommandTest {

  private static final Pattern LISTENING =
      Pattern.compile("platform: LwM2M server on coaps://127\\.0\\.0\\.1:(\\d+) .*");

  @TempDir Path dir;

  @Test
  void demoOverDtlsUpgradesThreeModulesAndNeverLogsAKey() throws Exception {
    Path data = dir.resolve("data");
    Cli.Result r = Cli.run("demo", "--dtls", "--devices", "3", "--data", data.toString());

    assertEquals(Main.EXIT_OK, r.code(), r::toString);
    assertTrue(r.out().contains("platform on coaps://127.0.0.1:"), r.out());
    assertTrue(r.out().contains("3 of 3 devices upgraded"), r.out());
    List<PskCredential> psks = PskFile.read(data.resolve(PskFile.NAME), "test");
    assertEquals(3, psks.size());
    for (int i = 0; i < 3; i++) {
      String imei = Imei.of(Imei.SEED_TAC, 828 + i).value();
      assertEquals(imei, psks.get(i).identity());
      assertEquals(imei, psks.get(i).endpoint());
    }
    String log = Files.readString(data.resolve(LogFile.NAME));
    assertTrue(log.contains("(DTLS, PSK)"), "the server says it runs DTLS");
    for (PskCredential c : psks) {
      assertFalse(log.contains(c.key().hex()), "a key in the log");
      assertFalse(r.out().contains(c.key().hex()), "a key on the terminal");
    }
  }

  @Test
  void platformAndEmulateShareThePskFileAndUpgradeOverDtls() throws Exception {
    Seed.Prepared prepared = Seed.preparePackage(dir.resolve("build"));
    Path profile = Files.writeString(dir.resolve("profile.json"), Seed.PROFILE);
    Path psk = dir.resolve("psk.csv");
    Files.writeString(psk, "# the emulator adds the keys\n");
    String first = Imei.of(Imei.SEED_TAC, 600).value();

    try (Running platform =
        new Running(
            Cli.ENV,
            "platform",
            "--dtls",
            "--psk-file",
            psk.toString(),
            "--port",
            "0",
            "--data",
            dir.resolve("platform").toString(),
            "--profile",
            profile.toString(),
            "--public-key",
            "Quectel=" + prepared.keyDir().resolve("public.pem"),
            "--package",
            prepared.signedZip().toString(),
            "--devices",
            "2",
            "--imei-base",
            first)) {
      Matcher m = LISTENING.matcher(platform.awaitLine(l -> LISTENING.matcher(l).matches()));
      assertTrue(m.matches());
      try (Running emulate =
          new Running(
              Cli.ENV,
              "emulate",
              "--dtls",
              "--psk-file",
              psk.toString(),
              "--devices",
              "2",
              "--imei-base",
              first,
              "--server",
              "127.0.0.1:" + m.group(1),
              "--data",
              dir.resolve("emulate").toString())) {
        String done =
            platform.awaitLine(l -> l.startsWith("task ") && l.contains("devices succeeded"));
        assertTrue(done.endsWith(": Success, 2 of 2 devices succeeded"), platform::toString);
        assertEquals(Main.EXIT_OK, emulate.stop(), emulate::toString);
      }
      assertEquals(Main.EXIT_OK, platform.stop(), platform::toString);
    }
    assertEquals(2, PskFile.read(psk, "test").size());
  }

  @Test
  void dtlsWithoutAPskFileIsAUsageError() {
    Cli.Result p = Cli.run("platform", "--dtls", "--port", "0", "--data", dir.toString());
    assertEquals(Main.EXIT_USAGE, p.code(), p::toString);
    assertTrue(p.err().contains("--psk-file"), p::toString);
    Cli.Result e = Cli.run("emulate", "--dtls", "--server", "127.0.0.1:5684");
    assertEquals(Main.EXIT_USAGE, e.code(), e::toString);
  }

  @Test
  void pskFileErrorsNameTheLineButNotTheKey() throws Exception {
    Path f =
        Files.writeString(
            dir.resolve("bad.csv"),
            "# ok\nid-1,ep-1,00112233445566778899AABBCCDDEEFF\nid-2,ep-2,0011ZZ\n");
    Cli.Result p =
        Cli.run(
            "platform",
            "--dtls",
            "--psk-file",
            f.toString(),
            "--port",
            "0",
            "--data",
            dir.toString());
    assertEquals(Main.EXIT_USAGE, p.code(), p::toString);
    assertTrue(p.err().contains("line 3"), p::toString);
    assertFalse(p.err().contains("0011"), p::toString);
  }
}
