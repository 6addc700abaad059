package io.dfota.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.emulator.Imei;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dfota demo} runs the seed's whole campaign in the test suite with three devices. */
class DemoCommandTest {

  private static final Pattern ROW =
      Pattern.compile(
          "^(\\S+)\\s+(\\d{15})\\s+([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
              + "\\s+(.+)$");

  @TempDir Path dir;

  @Test
  void upgradesThreeEmulatedModulesAndPrintsTheSeedsTaskDetails() throws Exception {
    Path data = dir.resolve("data");
    Cli.Result r = Cli.run("demo", "--devices", "3", "--data", data.toString());

    assertEquals(Main.EXIT_OK, r.code(), r::toString);
    String out = r.out();
    assertTrue(out.contains("Task details"), out);
    assertField(out, "Task name", DemoCommand.TASK_NAME);
    assertField(out, "Task status", "Success");
    assertField(out, "Success rate", "100%");
    assertField(out, "Total", "3");
    assertField(out, "Completed", "3");
    assertField(out, "Success", "3");
    assertField(out, "Failure", "0");
    assertField(out, "Retry strategy", "Custom");
    assertField(out, "Retry count", "5");
    assertField(out, "Group", "DFOTA");
    assertField(out, "Device type", "WaterMeter");
    assertField(out, "Manufacturer", "Quectel");
    assertField(out, "Model", "NBIoTDevice");
    assertField(out, "Protocol", "CoAP");
    assertField(out, "Version", "BC35GJBR01A04");
    assertField(out, "Firmware name", "BC35GJBR01A03_TO_BC35GJBR01A04.bin");

    List<Matcher> rows =
        out.lines().map(ROW::matcher).filter(Matcher::matches).collect(Collectors.toList());
    assertEquals(3, rows.size(), out);
    for (int i = 0; i < 3; i++) {
      Matcher m = rows.get(i);
      assertEquals("Success", m.group(1), out);
      assertEquals(Imei.of(Imei.SEED_TAC, 828 + i).value(), m.group(2), out);
      assertEquals("Firmware updated successfully", m.group(4).trim(), out);
    }
    assertEquals(
        3, rows.stream().map(m -> m.group(3)).distinct().count(), "device ids are distinct");
    assertTrue(out.contains("data directory: " + data), out);

    Path log = data.resolve(LogFile.NAME);
    assertTrue(Files.size(log) > 0, "the log goes to DATA/dfota.log");
    assertFalse(out.contains(" INFO "), "no log line on the terminal:\n" + out);
    assertFalse(out.contains(" WARN "), "no log line on the terminal:\n" + out);
    assertEquals("", r.err(), "nothing on standard error");
    String pem =
        Files.readString(data.resolve("keys").resolve("private.pem"), StandardCharsets.US_ASCII);
    assertTrue(pem.contains("ENCRYPTED PRIVATE KEY"), "the private key is password-protected");
  }

  @Test
  void exitsWithOneAndShowsTheIntegrityFailureWhenAModuleCorruptsThePackage() {
    Cli.Result r = Cli.run("demo", "--devices", "2", "--corrupt", "1", "--data", dir.toString());

    assertEquals(Main.EXIT_FAILED, r.code(), r::toString);
    String out = r.out();
    assertField(out, "Task status", "Partial success");
    assertField(out, "Success rate", "50%");
    assertField(out, "Success", "1");
    assertField(out, "Failure", "1");
    List<Matcher> rows =
        out.lines().map(ROW::matcher).filter(Matcher::matches).collect(Collectors.toList());
    assertEquals(2, rows.size(), out);
    assertEquals("Success", rows.get(0).group(1), out);
    assertEquals("Failed", rows.get(1).group(1), out);
    assertEquals(Imei.of(Imei.SEED_TAC, 829).value(), rows.get(1).group(2), out);
    assertEquals(
        "Download failed: update result 5 (Integrity check failure for the downloaded package)",
        rows.get(1).group(4).trim(),
        out);
  }

  @Test
  void runsWithTheMcuDriversOverTcpLoopback() {
    Cli.Result r = Cli.run("demo", "--devices", "2", "--at-link", "tcp", "--data", dir.toString());

    assertEquals(Main.EXIT_OK, r.code(), r::toString);
    assertField(r.out(), "Success", "2");
    assertEquals(
        2, r.out().lines().map(ROW::matcher).filter(Matcher::matches).count(), r::toString);
  }

  @Test
  void refusesADataDirectoryThatAlreadyHoldsADemo() throws Exception {
    Files.createDirectories(dir.resolve(DemoCommand.PLATFORM_DIR));

    Cli.Result r = Cli.run("demo", "--data", dir.toString());

    assertEquals(Main.EXIT_USAGE, r.code(), r::toString);
    assertTrue(r.err().contains("already holds a demo platform"), r::toString);
  }

  @Test
  void refusesADeviceCountOutOfRange() {
    Cli.Result r = Cli.run("demo", "--devices", "0", "--data", dir.toString());

    assertEquals(Main.EXIT_USAGE, r.code(), r::toString);
    assertTrue(r.err().contains("--devices: 0"), r::toString);
  }

  private static void assertField(String out, String name, String value) {
    Pattern p = Pattern.compile("^  " + Pattern.quote(name) + " {2,}(.*)$", Pattern.MULTILINE);
    Matcher m = p.matcher(out);
    assertTrue(m.find(), () -> "no field " + name + " in\n" + out);
    assertEquals(value, m.group(1).trim(), () -> name + " in\n" + out);
  }
}
