package io.dfota.samples.mcudevice;

import io.dfota.at.AtSession;
import io.dfota.at.AtTransport;
import io.dfota.at.HexPayload;
import io.dfota.at.Urc;
import io.dfota.core.Scheduler;
import io.dfota.transport.netty.AtServer;
import io.dfota.transport.netty.SerialAtPort;
import io.dfota.transport.netty.TcpAtClient;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The mcu-device sample's entry point: connects to a module over TCP (a serial-to-TCP bridge, an
 * emulated module) or a serial port and runs one MCU cycle in the single-MCU event-driven or the
 * dual-MCU polling style (seed §5).
 *
 * <pre>
 * McuDevice [--tcp HOST:PORT | --serial PATH | --scripted] [--style single|dual] [--data HEX]
 *   --tcp       the module's AT link over TCP (default 127.0.0.1:5000)
 *   --serial    the module's UART, for example /dev/ttyUSB0 (9600 8N1)
 *   --scripted  start a stand-in module (ScriptedModule) on loopback and use it
 *   --style     single (event driven, default) or dual (polling, 2-minute listen window)
 *   --data      the uplink payload in hex (default 313233, as in the seed)
 * </pre>
 */
public final class McuDevice {
  /** The seed's listen window after an uplink for a polling communication MCU. */
  static final Duration LISTEN_WINDOW = Duration.ofMinutes(2);

  /** Power-off permission may take the seed's two 35-minute windows (Table 2) and some margin. */
  static final Duration POWER_OFF_TIMEOUT = Duration.ofMinutes(75);

  private McuDevice() {}

  /**
   * Entry point; exits with status 0 when the module may be powered off at the end.
   *
   * @param args see the class comment
   * @throws Exception if the run fails
   */
  public static void main(String[] args) throws Exception {
    Outcome outcome = run(args);
    System.exit(outcome.powerOff().allowed() ? 0 : 1);
  }

  /**
   * The body of {@link #main}: parses the options, opens the link, runs one MCU cycle.
   *
   * @param args see the class comment
   * @return what the cycle saw
   * @throws Exception if the options are wrong or the run fails
   */
  public static Outcome run(String[] args) throws Exception {
    String tcp = "127.0.0.1:5000";
    @Nullable String serial = null;
    boolean scripted = false;
    String style = "single";
    HexPayload data = HexPayload.fromHex("313233");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--tcp":
          tcp = value(args, ++i);
          break;
        case "--serial":
          serial = value(args, ++i);
          break;
        case "--scripted":
          scripted = true;
          break;
        case "--style":
          style = value(args, ++i);
          break;
        case "--data":
          data = HexPayload.fromHex(value(args, ++i));
          break;
        default:
          throw new IllegalArgumentException(
              "option: " + args[i] + " (expected: --tcp, --serial, --scripted, --style, --data)");
      }
    }
    if (!style.equals("single") && !style.equals("dual")) {
      throw new IllegalArgumentException("--style: " + style + " (expected: single or dual)");
    }
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    Scheduler scheduler = Scheduler.of(timers);
    @Nullable AtServer standIn = null;
    try {
      if (scripted) {
        standIn = ScriptedModule.start(group, 0, ScriptedModule.Script.SEED_SUCCESS).join();
        tcp = "127.0.0.1:" + standIn.localAddress().getPort();
      }
      AtTransport link;
      if (serial != null) {
        link = SerialAtPort.builder().path(serial).build();
        System.out.println("module on serial port " + serial);
      } else {
        int colon = tcp.lastIndexOf(':');
        if (colon < 1) {
          throw new IllegalArgumentException("--tcp: " + tcp + " (expected: HOST:PORT)");
        }
        link =
            TcpAtClient.builder()
                .eventLoopGroup(group)
                .remote(tcp.substring(0, colon), Integer.parseInt(tcp.substring(colon + 1)))
                .build();
        System.out.println("module on tcp " + tcp);
      }
      AtSession connected;
      try {
        connected = connect(link, scheduler).get(30, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        link.close();
        throw new IllegalStateException(
            "link: "
                + (serial != null ? serial : tcp)
                + " not up within 30 s (expected: a module there; try --scripted)",
            e);
      }
      try (AtSession session = connected) {
        Duration poll = Duration.ofSeconds(5);
        if (style.equals("single")) {
          return new SingleMcu(session, scheduler, poll).run(data, POWER_OFF_TIMEOUT).join();
        }
        return new DualMcu(session, scheduler, LISTEN_WINDOW, poll)
            .run(data, POWER_OFF_TIMEOUT)
            .join();
      } finally {
        link.close();
      }
    } finally {
      if (standIn != null) {
        standIn.close();
      }
      timers.shutdownNow();
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /**
   * Opens an AT session on a link and completes once the link is up (TCP connected, port open).
   *
   * @param link the module's link; the session starts it
   * @param scheduler the scheduler for command timeouts
   * @return the session, once connected
   */
  public static CompletableFuture<AtSession> connect(AtTransport link, Scheduler scheduler) {
    CompletableFuture<Void> up = new CompletableFuture<>();
    AtSession session =
        AtSession.builder()
            .transport(link)
            .scheduler(scheduler)
            .listener(
                new AtSession.Listener() {
                  @Override
                  public void onUrc(Urc urc) {}

                  @Override
                  public void onConnected() {
                    up.complete(null);
                  }
                })
            .build();
    if (link.isConnected()) {
      up.complete(null);
    }
    return up.thenApply(v -> session);
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(
          "option: " + args[i - 1] + " has no value (expected: a value after it)");
    }
    return args[i];
  }
}
