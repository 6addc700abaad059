package io.dfota.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.at.AtResponse;
import io.dfota.at.AtSession;
import io.dfota.at.AtTransport;
import io.dfota.at.ModuleDriver;
import io.dfota.at.Urc;
import io.dfota.core.VirtualScheduler;
import io.dfota.emulator.Imei;
import io.dfota.transport.netty.TcpAtClient;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dfota platform} on port 0 and {@code dfota emulate} against it, both in-process and
 * stopped as Ctrl-C would stop them.
 */
class PlatformAndEmulateCommandTest {

  private static final Pattern LISTENING =
      Pattern.compile("platform: LwM2M server on coap://127\\.0\\.0\\.1:(\\d+) .*");
  private static final Pattern AT_PORT =
      Pattern.compile("(\\d{15}) AT on tcp://127\\.0\\.0\\.1:(\\d+)");

  @TempDir Path dir;

  @Test
  void aStandalonePlatformUpgradesAnEmulatedFleetAndStopsOnInterrupt() throws Exception {
    Seed.Prepared prepared = Seed.preparePackage(dir.resolve("build"));
    Path profile = Files.writeString(dir.resolve("profile.json"), Seed.PROFILE);
    Path data = dir.resolve("platform");
    String first = Imei.of(Imei.SEED_TAC, 500).value();
    String second = Imei.of(Imei.SEED_TAC, 501).value();

    try (Running platform =
        new Running(
            Cli.ENV,
            "platform",
            "--port",
            "0",
            "--data",
            data.toString(),
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
      String out = platform.out();
      assertTrue(
          out.contains("profile: WaterMeter/Quectel/NBIoTDevice/CoAP, firmware upgrade supported"),
          out);
      assertTrue(out.contains("package: ") && out.contains("version BC35GJBR01A04"), out);
      assertTrue(out.contains("group DFOTA: 2 devices from " + first), out);

      try (Running emulate =
          new Running(
              Cli.ENV,
              "emulate",
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
        assertTrue(
            platform.out().contains("device " + first + " Success: Firmware updated successfully"),
            platform::toString);
        assertTrue(
            platform.out().contains("device " + second + " Success: Firmware updated successfully"),
            platform::toString);
        emulate.awaitLine(l -> l.equals(first + " FIRMWARE UPDATE OVER"));
        emulate.awaitLine(l -> l.equals(second + " FIRMWARE UPDATE OVER"));
        assertEquals(Main.EXIT_OK, emulate.stop(), emulate::toString);
        assertTrue(emulate.out().contains("emulator stopped"), emulate::toString);
      }
      assertEquals(Main.EXIT_OK, platform.stop(), platform::toString);
      assertTrue(platform.out().contains("platform stopped"), platform::toString);
    }
    assertTrue(Files.size(data.resolve(LogFile.NAME)) > 0, "the platform logs to DATA/dfota.log");

    try (Running again =
        new Running(Cli.ENV, "platform", "--port", "0", "--data", data.toString())) {
      again.awaitLine(l -> LISTENING.matcher(l).matches());
      assertTrue(
          again.out().contains("profile: WaterMeter/Quectel/NBIoTDevice/CoAP"),
          "a restarted platform finds its profile in the store:\n" + again);
      assertEquals(Main.EXIT_OK, again.stop(), again::toString);
    }
  }

  @Test
  void emulateExposesEachModulesAtSideOnTcp() throws Exception {
    Path data = dir.resolve("platform");
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try (Running platform =
        new Running(Cli.ENV, "platform", "--port", "0", "--data", data.toString()); ) {
      Matcher m = LISTENING.matcher(platform.awaitLine(l -> LISTENING.matcher(l).matches()));
      assertTrue(m.matches());
      try (Running emulate =
          new Running(
              Cli.ENV,
              "emulate",
              "--devices",
              "1",
              "--server",
              "127.0.0.1:" + m.group(1),
              "--at-port",
              "0",
              "--data",
              dir.resolve("emulate").toString())) {
        Matcher at = AT_PORT.matcher(emulate.awaitLine(l -> AT_PORT.matcher(l).matches()));
        assertTrue(at.matches());
        VirtualScheduler clock = new VirtualScheduler();
        AtTransport link =
            TcpAtClient.builder()
                .eventLoopGroup(group)
                .remote("127.0.0.1", Integer.parseInt(at.group(2)))
                .noReconnect()
                .build();
        CompletableFuture<Void> connected = new CompletableFuture<>();
        try (AtSession session =
                AtSession.builder()
                    .transport(link)
                    .scheduler(clock)
                    .listener(
                        new AtSession.Listener() {
                          @Override
                          public void onUrc(Urc urc) {}

                          @Override
                          public void onConnected() {
                            connected.complete(null);
                          }
                        })
                    .build();
            ModuleDriver driver =
                ModuleDriver.builder().session(session).scheduler(clock).build()) {
          connected.get(60, TimeUnit.SECONDS);
          AtResponse<String> imei = driver.readImei().get(60, TimeUnit.SECONDS);
          assertTrue(imei.isOk(), imei::describe);
          assertEquals(at.group(1), imei.okValue().orElseThrow());
          assertEquals(
              "BC35GJBR01A03",
              driver.readRevision().get(60, TimeUnit.SECONDS).okValue().orElseThrow().version());
        }
        assertEquals(Main.EXIT_OK, emulate.stop(), emulate::toString);
      }
      assertEquals(Main.EXIT_OK, platform.stop(), platform::toString);
    } finally {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void emulateRefusesAServerWithoutPort() {
    Cli.Result r = Cli.run("emulate", "--server", "localhost");

    assertEquals(Main.EXIT_USAGE, r.code(), r::toString);
    assertTrue(r.err().contains("--server: localhost (expected: HOST:PORT)"), r::toString);
  }

  @Test
  void platformRefusesAPackageNameWithoutVersion() throws Exception {
    Path data = dir.resolve("p");
    Path profile = Files.writeString(dir.resolve("profile.json"), Seed.PROFILE);
    Path zip = Files.write(dir.resolve("firmware.zip"), "x".getBytes(StandardCharsets.US_ASCII));

    Cli.Result r =
        Cli.run(
            "platform",
            "--port",
            "0",
            "--data",
            data.toString(),
            "--profile",
            profile.toString(),
            "--package",
            zip.toString());

    assertEquals(Main.EXIT_USAGE, r.code(), r::toString);
    assertTrue(r.err().contains("expected: VERSION=FILE"), r::toString);
  }
}
