package io.dfota.emulator;

import static io.dfota.emulator.Platform.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dfota.at.AtResponse;
import io.dfota.at.AtSession;
import io.dfota.at.Cgsn;
import io.dfota.core.Scheduler;
import io.dfota.transport.netty.SerialAtPort;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulator behind a pseudo-terminal (docs/emulator.md): socat makes a pty pair, the module
 * attaches to one end through dfota-transport-netty's serial port, the MCU opens the other end as
 * it would open {@code /dev/ttyUSB0}.
 */
class PseudoTerminalTest {

  @Test
  void answersAnMcuOnAPseudoTerminal(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(socatInstalled(), "socat is not installed");
    Path mcuTty = dir.resolve("ttyMCU");
    Path moduleTty = dir.resolve("ttyBC35");
    Process socat =
        new ProcessBuilder(
                "socat",
                "-d",
                "-d",
                "pty,raw,echo=0,link=" + mcuTty,
                "pty,raw,echo=0,link=" + moduleTty)
            .redirectErrorStream(true)
            .start();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try (Platform platform = new Platform()) {
      awaitReady(socat);
      EmulatedModule module =
          EmulatedModule.builder()
              .imei(Imei.of(Imei.SEED_TAC, 828))
              .server(platform.server.localAddress())
              .build();
      try {
        module.attach(SerialAtPort.builder().path(moduleTty.toString()).noReopen().build());
        await(module.start());
        CompletableFuture<Void> connected = new CompletableFuture<>();
        AtSession mcu =
            AtSession.builder()
                .transport(SerialAtPort.builder().path(mcuTty.toString()).noReopen().build())
                .scheduler(Scheduler.of(timer))
                .listener(
                    new AtSession.Listener() {
                      @Override
                      public void onUrc(io.dfota.at.Urc urc) {}

                      @Override
                      public void onConnected() {
                        connected.complete(null);
                      }
                    })
                .build();
        try {
          connected.get(20, TimeUnit.SECONDS); // the port opens on its own thread
          AtResponse<String> imei = await(mcu.send(new Cgsn()));
          assertEquals(
              "867725030008282",
              imei.okValue().orElseThrow(() -> new AssertionError(imei.describe())));
        } finally {
          mcu.close();
        }
      } finally {
        module.stop();
      }
    } finally {
      socat.destroy();
      socat.waitFor(5, TimeUnit.SECONDS);
      timer.shutdownNow();
    }
  }

  private static boolean socatInstalled() {
    try {
      Process p = new ProcessBuilder("socat", "-V").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void awaitReady(Process socat) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(socat.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Boolean> ready =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                String line;
                while ((line = out.readLine()) != null) {
                  if (line.contains("starting data transfer loop")) {
                    return true;
                  }
                }
                return false;
              } catch (java.io.IOException e) {
                return false;
              }
            });
    if (!ready.get(20, TimeUnit.SECONDS)) {
      throw new AssertionError("socat did not start its transfer loop");
    }
    Thread drain =
        new Thread(
            () -> {
              try {
                while (out.readLine() != null) {
                  // socat's notices
                }
              } catch (java.io.IOException e) {
                // socat ended
              }
            });
    drain.setDaemon(true);
    drain.start();
  }
}
