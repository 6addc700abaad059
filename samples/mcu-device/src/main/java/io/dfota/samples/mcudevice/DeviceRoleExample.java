package io.dfota.samples.mcudevice;

import io.dfota.at.AtSession;
import io.dfota.at.AtTransport;
import io.dfota.at.HexPayload;
import io.dfota.at.ModuleDriver;
import io.dfota.at.ModuleEvent;
import io.dfota.at.Urc;
import io.dfota.core.GuardVerdict;
import io.dfota.core.Scheduler;
import io.dfota.transport.netty.TcpAtClient;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The device-role example of the top README (samples/README.md copies the lines between the
 * markers): a {@link ModuleDriver} over a TCP AT link, its DFOTA guard, and the power-off check
 * (seed §4.2, protocol-notes §1.4). {@code McuDeviceTest} runs it against the scripted module.
 */
public final class DeviceRoleExample {
  private DeviceRoleExample() {}

  /**
   * Sends one uplink and powers the module off when the guard and {@code AT+CSCON?} allow it.
   *
   * @param group the Netty event loops
   * @param scheduler the scheduler for timeouts, the 35-minute watchdog and the polls
   * @param port the module's AT port on 127.0.0.1
   * @return the power-off verdict
   */
  public static GuardVerdict run(EventLoopGroup group, Scheduler scheduler, int port) {
    // README:begin
    AtTransport link =
        TcpAtClient.builder().eventLoopGroup(group).remote("127.0.0.1", port).build();
    CompletableFuture<Void> connected = new CompletableFuture<>();
    AtSession session =
        AtSession.builder()
            .transport(link) // the session starts the link
            .scheduler(scheduler)
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
        ModuleDriver.builder()
            .session(session)
            .scheduler(scheduler)
            .listener(
                event -> {
                  if (event instanceof ModuleEvent.Firmware) { // FIRMWARE DOWNLOADING ... OVER
                    System.out.println(((ModuleEvent.Firmware) event).urc().line());
                  }
                })
            .build();
    connected.join();
    driver.initialise().join(); // ATE0, AT+CMEE=1, AT+CSCON=1
    driver.sendUplink(HexPayload.fromHex("313233")).join(); // the platform may now start a DFOTA
    // From FIRMWARE DOWNLOADING to FIRMWARE UPDATE OVER the guard protects the module: data
    // commands complete with AtResponse.Refused and never reach it; after 35 minutes without OVER
    // the driver restarts the module (AT+NRB) as the seed's Table 2 says.
    GuardVerdict verdict = driver.awaitSafeToPowerOff(Duration.ofMinutes(75)).join();
    if (verdict.allowed()) { // not protected and AT+CSCON? reports RRC idle
      System.out.println("power the module off now");
    }
    // README:end
    session.close();
    link.close();
    return verdict;
  }
}
