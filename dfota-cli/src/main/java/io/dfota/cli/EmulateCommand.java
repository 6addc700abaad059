package io.dfota.cli;

import io.dfota.emulator.EmulatedModule;
import io.dfota.emulator.FaultPlan;
import io.dfota.emulator.Fleet;
import io.dfota.emulator.Imei;
import io.dfota.lwm2m.CoapTiming;
import io.dfota.transport.netty.AtServer;
import io.dfota.transport.netty.TcpAtServer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dfota emulate}: a fleet of emulated BC35-G / BC28 / BC95 R2.0 modules (dfota-emulator)
 * against any LwM2M server, until Ctrl-C. Each module either has an MCU driver in the same process
 * that sends the seed's uplink ({@code AT+QLWULDATA=3,313233}) once registered, or exposes its AT
 * side on a TCP port for an external MCU ({@code --at-port}).
 */
@Command(
    name = "emulate",
    mixinStandardHelpOptions = true,
    description = {
      "Run N emulated BC35-G modules against an LwM2M server until Ctrl-C, printing each module's"
          + " firmware URCs. The log goes to DATA/dfota.log.",
      "Without --at-port each module has an MCU driver that sends AT+QLWULDATA=3,313233 once"
          + " registered; with --at-port P module i listens for an MCU on TCP port P+i (0: ports"
          + " from the OS) and sends nothing on its own."
    })
final class EmulateCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(EmulateCommand.class);

  private static final long START_TIMEOUT_SECONDS = 120;

  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--devices",
      defaultValue = "10",
      paramLabel = "N",
      description = "Number of modules (1 to 10000, default ${DEFAULT-VALUE}).")
  private int devices;

  @Option(
      names = "--server",
      required = true,
      paramLabel = "HOST:PORT",
      description = "The LwM2M server (AT+NCDP), for example 127.0.0.1:5683.")
  private String server;

  @Option(
      names = "--at-port",
      paramLabel = "P",
      description = "Expose module i's AT side on TCP 127.0.0.1:P+i (0: ports from the OS).")
  private Integer atPort;

  @Option(
      names = "--imei-base",
      defaultValue = "867725030008282",
      paramLabel = "IMEI",
      description = "First IMEI; the others follow (default the seed's ${DEFAULT-VALUE}).")
  private String imeiBase;

  @Option(
      names = "--revision",
      defaultValue = "BC35GJBR01A03",
      paramLabel = "REV",
      description = "Initial firmware revision, /3/0/3 (default ${DEFAULT-VALUE}).")
  private String revision;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Directory for dfota.log; default a new temp directory.")
  private Path data;

  @Option(
      names = "--dtls",
      description =
          "Talk LwM2M over DTLS 1.2 with PSK (CoAPS), as after AT+QSECSWT=1 and AT+QSETPSK; needs"
              + " --psk-file.")
  private boolean dtls;

  @Option(
      names = "--psk-file",
      paramLabel = "FILE",
      description =
          "With --dtls: the PSK file (IDENTITY,ENDPOINT,KEYHEX per line); each module takes the"
              + " line of its IMEI; modules without one get a new random key (identity = IMEI),"
              + " added to the file for the platform.")
  private Path pskFile;

  /** The PSK of each module with {@code --dtls}, by IMEI; writes new keys to the file. */
  private java.util.Map<String, io.dfota.lwm2m.PskCredential> psks(Imei base) {
    java.util.Map<String, io.dfota.lwm2m.PskCredential> byEndpoint = new java.util.HashMap<>();
    if (!dtls) {
      if (pskFile != null) {
        throw new CliException(Main.EXIT_USAGE, "--psk-file: only with --dtls");
      }
      return byEndpoint;
    }
    if (pskFile == null) {
      throw new CliException(Main.EXIT_USAGE, "--dtls: needs --psk-file FILE");
    }
    List<io.dfota.lwm2m.PskCredential> all =
        Files.exists(pskFile) ? PskFile.read(pskFile, "--psk-file") : new ArrayList<>();
    all.forEach(c -> byEndpoint.put(c.endpoint(), c));
    java.security.SecureRandom random = new java.security.SecureRandom();
    int first = Integer.parseInt(base.value().substring(8, 14));
    int added = 0;
    for (int i = 0; i < devices; i++) {
      String imei = Imei.of(base.value().substring(0, 8), first + i).value();
      if (!byEndpoint.containsKey(imei)) {
        io.dfota.lwm2m.PskCredential c =
            new io.dfota.lwm2m.PskCredential(
                imei, imei, io.dfota.lwm2m.PreSharedKey.random(random, PskFile.KEY_BYTES));
        all.add(c);
        byEndpoint.put(imei, c);
        added++;
      }
    }
    if (added > 0) {
      PskFile.write(pskFile, all);
      LOG.info("{} new PSKs written to {}", added, pskFile);
    }
    return byEndpoint;
  }

  @Mixin private CoapTimingOptions coap = new CoapTimingOptions();

  @Mixin private LinkOptions link = new LinkOptions();

  @Override
  public Integer call() {
    if (devices < 1 || devices > 10_000) {
      throw new CliException(Main.EXIT_USAGE, "--devices: " + devices + " (expected: 1..10000)");
    }
    if (atPort != null && (atPort < 0 || atPort + devices - 1 > 65535)) {
      throw new CliException(
          Main.EXIT_USAGE, "--at-port: " + atPort + " (expected: 0, or P with P+N-1 <= 65535)");
    }
    InetSocketAddress serverAddress = parseServer(server);
    Imei base;
    try {
      base = new Imei(imeiBase);
    } catch (RuntimeException e) {
      throw new CliException(Main.EXIT_USAGE, "--imei-base: " + e.getMessage());
    }
    java.util.Map<String, io.dfota.lwm2m.PskCredential> psks = psks(base);
    CoapTiming timing = coap.timing();
    int firstSerial = Integer.parseInt(base.value().substring(8, 14));
    link.link(0); // checks the link options before anything starts
    Path dir = logDirectory();
    PrintWriter out = spec.commandLine().getOut();
    try (UntilStopped stopper = new UntilStopped()) {
      LogFile log = LogFile.redirect(dir);
      EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
      ScheduledExecutorService timer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "dfota-emulate-mcu");
                t.setDaemon(true);
                return t;
              });
      List<AtServer> servers = new ArrayList<>();
      try (Fleet fleet =
          Fleet.builder()
              .count(devices)
              .imeiBase(
                  base.value().substring(0, 8), Integer.parseInt(base.value().substring(8, 14)))
              .server(serverAddress)
              .revision(revision)
              .drivers(atPort == null)
              .eventLoopGroup(group)
              .faults(
                  imei ->
                      FaultPlan.builder()
                          .link(
                              link.link(
                                  Integer.parseInt(imei.value().substring(8, 14)) - firstSerial))
                          .build())
              .customize(
                  (imei, b) -> {
                    b.coapTiming(timing);
                    io.dfota.lwm2m.PskCredential c = psks.get(imei.value());
                    if (c != null) {
                      b.psk(c.identity(), c.key());
                    }
                  })
              .build()) {
        for (EmulatedModule m : fleet.modules()) {
          m.addListener(
              (imei, line) -> {
                if (line.startsWith("FIRMWARE") || line.startsWith("REBOOT_CAUSE")) {
                  synchronized (out) {
                    out.printf("%s %s%n", imei, line);
                    out.flush();
                  }
                }
              });
        }
        List<UplinkTrigger> triggers = new ArrayList<>();
        if (atPort == null) {
          for (EmulatedModule m : fleet.modules()) {
            triggers.add(new UplinkTrigger(m));
          }
        }
        LOG.info("starting {} emulated modules against {}", devices, serverAddress);
        await(fleet, out);
        if (atPort != null) {
          int i = 0;
          for (EmulatedModule m : fleet.modules()) {
            int port = atPort == 0 ? 0 : atPort + i++;
            AtServer s = bind(group, port, m);
            servers.add(s);
            out.printf("%s AT on tcp://127.0.0.1:%d%n", m.imei(), s.localAddress().getPort());
          }
        } else {
          triggers.forEach(t -> t.arm(fleet, timer));
          out.printf("%d MCUs send AT+QLWULDATA=3,313233 once /19/0/0 is observed%n", devices);
        }
        out.printf("emulating %d modules against %s (Ctrl-C to stop)%n", devices, server);
        out.flush();
        stopper.await();
      } finally {
        timer.shutdownNow();
        servers.forEach(AtServer::close);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        log.close();
      }
      out.println("emulator stopped");
      out.flush();
    }
    return Main.EXIT_OK;
  }

  private static void await(Fleet fleet, PrintWriter out) {
    try {
      fleet.start().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      out.printf("%d modules registered%n", fleet.size());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(Main.EXIT_FAILED, "interrupted while the modules started");
    } catch (ExecutionException e) {
      throw new CliException(Main.EXIT_FAILED, "the modules did not start: " + e.getCause());
    } catch (TimeoutException e) {
      throw new CliException(
          Main.EXIT_FAILED, "the modules did not register within " + START_TIMEOUT_SECONDS + " s");
    }
  }

  private static AtServer bind(EventLoopGroup group, int port, EmulatedModule module) {
    try {
      return TcpAtServer.builder()
          .eventLoopGroup(group)
          .bindAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
          .maxConnections(1)
          .onAccept(module::attach)
          .bind()
          .join();
    } catch (CompletionException e) {
      throw new CliException(
          Main.EXIT_IO,
          "--at-port: cannot listen on 127.0.0.1:" + port + " (" + e.getCause() + ")");
    }
  }

  static InetSocketAddress parseServer(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new CliException(Main.EXIT_USAGE, "--server: " + text + " (expected: HOST:PORT)");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65535) {
      throw new CliException(Main.EXIT_USAGE, "--server: " + text + " (expected: port 1..65535)");
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw new CliException(Main.EXIT_USAGE, "--server: unknown host " + host);
    }
  }

  private Path logDirectory() {
    try {
      return data == null
          ? Files.createTempDirectory("dfota-emulate-")
          : Files.createDirectories(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
