package io.dfota.cli;

import io.dfota.emulator.EmulatedModule;
import io.dfota.emulator.FaultPlan;
import io.dfota.emulator.Fleet;
import io.dfota.emulator.Imei;
import io.dfota.lwm2m.CoapTiming;
import io.dfota.lwm2m.PreSharedKey;
import io.dfota.lwm2m.PskCredential;
import io.dfota.lwm2m.SecurityStore;
import io.dfota.platform.Device;
import io.dfota.platform.ExecutePolicy;
import io.dfota.platform.FirmwarePackage;
import io.dfota.platform.PackageUpload;
import io.dfota.platform.RetryPolicy;
import io.dfota.platform.TaskDetails;
import io.dfota.platform.TaskRequest;
import io.dfota.platform.UpgradeTask;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dfota demo}: the seed's whole DFOTA campaign on one machine (protocol-notes §1.1–1.2):
 * keys, an emulated delta package zipped and signed, an embedded platform (H2 store, LwM2M server
 * on loopback), the Profile and public key, the verified package upload, a group of emulated
 * modules each with an MCU driver, a batch task with a custom retry strategy, the MCUs' uplinks,
 * progress, and the task details with the per-device rows of the seed's Figure 16.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the seed's DFOTA campaign end to end on this machine: keys, signed package, embedded"
          + " platform (H2 + LwM2M on 127.0.0.1), a group of emulated BC35-G modules with MCU"
          + " drivers, a batch task; then print the task details and the per-device rows.",
      "Exit code 0 when every device was upgraded, 1 otherwise. The log goes to DATA/dfota.log."
    })
final class DemoCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

  /** The retry count of the demo task (seed Figure 16: custom, 5). */
  static final int RETRIES = 5;

  /** The fleet's first IMEI serial: the seed's {@code 867725030008282}. */
  private static final int FIRST_SERIAL = 828;

  /** The platform's directory (H2 database, extracted packages) under the data directory. */
  static final String PLATFORM_DIR = "platform";

  /** The task name. */
  static final String TASK_NAME = "DFOTA demo";

  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--devices",
      defaultValue = "10",
      paramLabel = "N",
      description = "Number of emulated modules (1 to 1000, default ${DEFAULT-VALUE}).")
  private int devices;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Data directory (keys, package, database, log); default a new temp directory.")
  private Path data;

  @Option(
      names = "--corrupt",
      defaultValue = "0",
      paramLabel = "K",
      description =
          "Let the last K modules corrupt the package they download (integrity failure, update"
              + " result 5), to see failed rows and exit code 1 (default ${DEFAULT-VALUE}).")
  private int corrupt;

  @Option(
      names = "--at-link",
      defaultValue = "IN_MEMORY",
      paramLabel = "KIND",
      description =
          "How the MCU drivers reach their modules: IN_MEMORY (default) or TCP (a loopback TCP"
              + " server per module, dfota-transport-netty).")
  private Fleet.AtLink atLink;

  @Option(
      names = "--timeout",
      defaultValue = "PT10M",
      paramLabel = "DURATION",
      description = "Give up waiting for the task after this long (ISO-8601, default 10 minutes).")
  private Duration timeout;

  @Option(
      names = "--dtls",
      description =
          "Run LwM2M over DTLS 1.2 with PSK (CoAPS): a random 16-byte PSK per module (identity ="
              + " IMEI), written to DATA/"
              + PskFile.NAME
              + " and given to the platform's security store; each module has it as if"
              + " AT+QSECSWT=1 and AT+QSETPSK had been stored.")
  private boolean dtls;

  /** The PSK of each module's IMEI when {@code --dtls}; empty otherwise. */
  private final java.util.Map<String, PskCredential> psks = new java.util.HashMap<>();

  /** Generates a PSK per module and writes the PSK file; returns the platform's store. */
  private @Nullable SecurityStore securityStore(Path dir) {
    if (!dtls) {
      return null;
    }
    java.security.SecureRandom random = new java.security.SecureRandom();
    List<PskCredential> list = new ArrayList<>();
    for (int i = 0; i < devices; i++) {
      String imei = Imei.of(Imei.SEED_TAC, FIRST_SERIAL + i).value();
      PskCredential c =
          new PskCredential(imei, imei, PreSharedKey.random(random, PskFile.KEY_BYTES));
      list.add(c);
      psks.put(imei, c);
    }
    PskFile.write(dir.resolve(PskFile.NAME), list);
    return SecurityStore.of(list);
  }

  /** With {@code --dtls}, presets the module's PSK. */
  private void secure(Imei imei, EmulatedModule.Builder b) {
    PskCredential c = psks.get(imei.value());
    if (c != null) {
      b.psk(c.identity(), c.key());
    }
  }

  @Mixin private CoapTimingOptions coap = new CoapTimingOptions();

  @Mixin private LinkOptions link = new LinkOptions();

  @Override
  public Integer call() {
    if (devices < 1 || devices > 1000) {
      throw new CliException(Main.EXIT_USAGE, "--devices: " + devices + " (expected: 1 to 1000)");
    }
    if (corrupt < 0 || corrupt > devices) {
      throw new CliException(
          Main.EXIT_USAGE, "--corrupt: " + corrupt + " (expected: 0 to --devices " + devices + ")");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path dir = dataDirectory();
    int code;
    LogFile log = LogFile.redirect(dir);
    try {
      code = run(dir, out);
    } finally {
      log.close();
    }
    out.printf("data directory: %s%nlog: %s%n", dir, dir.resolve(LogFile.NAME));
    out.flush();
    return code;
  }

  private Path dataDirectory() {
    try {
      if (data == null) {
        return Files.createTempDirectory("dfota-demo-");
      }
      if (Files.exists(data.resolve(PLATFORM_DIR))) {
        throw new CliException(
            Main.EXIT_USAGE,
            "--data: "
                + data
                + " already holds a demo platform (expected: a new or empty directory)");
      }
      return Files.createDirectories(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private int run(Path dir, PrintWriter out) {
    long t0 = System.nanoTime();
    CoapTiming timing = coap.timing();
    link.link(0); // checks the link options before anything starts
    out.println("preparing keys and the signed package " + Seed.BIN_NAME);
    out.flush();
    TaskProgress progress = new TaskProgress(out, devices);
    SecurityStore security = securityStore(dir);
    // the platform starts (H2, CoAP endpoint) while the keys are generated and the package signed
    CompletableFuture<EmbeddedPlatform> starting =
        CompletableFuture.supplyAsync(
            () ->
                EmbeddedPlatform.start(
                    dir.resolve(PLATFORM_DIR),
                    InetAddress.getLoopbackAddress(),
                    0,
                    progress,
                    security,
                    builder -> builder.coapTiming(timing)));
    Seed.Prepared prepared;
    try {
      prepared = Seed.preparePackage(dir);
    } catch (RuntimeException e) {
      starting.thenAccept(EmbeddedPlatform::close);
      throw e;
    }
    try (EmbeddedPlatform platform = await(starting, "the platform to start")) {
      platform.catalog().importProfile(Seed.PROFILE).orThrow();
      platform.catalog().uploadKey(Seed.MANUFACTURER, prepared.publicPem()).orThrow();
      FirmwarePackage pkg =
          platform
              .catalog()
              .uploadPackage(
                  new PackageUpload(
                      prepared.signedZip(),
                      Seed.TO_VERSION,
                      Seed.DEVICE_TYPE,
                      Seed.MANUFACTURER,
                      Seed.MODEL,
                      Seed.PROTOCOL))
              .orThrow();
      out.printf(
          "platform on %s://%s:%d, package %s verified (key %s)%n",
          platform.scheme(),
          platform.address().getAddress().getHostAddress(),
          platform.address().getPort(),
          pkg.id(),
          pkg.keyId());
      out.flush();
      try (Fleet fleet =
          Fleet.builder()
              .count(devices)
              .imeiBase(Imei.SEED_TAC, FIRST_SERIAL)
              .server(platform.address())
              .revision(Seed.FROM_VERSION)
              .faults(this::faults)
              .atLink(atLink)
              .customize(
                  (imei, b) -> {
                    b.coapTiming(timing);
                    secure(imei, b);
                  })
              .build()) {
        List<UplinkTrigger> triggers = new ArrayList<>();
        for (EmulatedModule m : fleet.modules()) {
          triggers.add(new UplinkTrigger(m));
        }
        long fleetStart = System.nanoTime();
        await(fleet.start(), "the modules to start and register");
        LOG.info(
            "{} modules started and registered in {} ms",
            devices,
            (System.nanoTime() - fleetStart) / 1_000_000);
        List<Device> group = new ArrayList<>();
        for (EmulatedModule m : fleet.modules()) {
          group.add(new Device(UUID.randomUUID(), m.imei().value()));
        }
        platform.catalog().createGroup(Seed.GROUP).orThrow();
        platform.catalog().bind(Seed.GROUP, group).orThrow();
        UpgradeTask task =
            platform
                .engine()
                .createTask(
                    TaskRequest.builder()
                        .name(TASK_NAME)
                        .packageId(pkg.id())
                        .group(Seed.GROUP)
                        .retry(RetryPolicy.custom(RETRIES, Duration.ZERO))
                        .execute(ExecutePolicy.deviceOnline())
                        .build())
                .orThrow();
        out.printf(
            "%d modules registered in group %s; task %s created; MCUs send"
                + " AT+QLWULDATA=3,313233%n",
            devices, Seed.GROUP, task.id());
        out.flush();
        progress.follow(task.id());
        platform
            .engine()
            .details(task.id())
            .filter(d -> d.status().finished())
            .ifPresent(d -> progress.finished().complete(d.status()));
        ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread t = new Thread(r, "dfota-demo-mcu");
                  t.setDaemon(true);
                  return t;
                });
        long taskStart = System.nanoTime();
        boolean done;
        try {
          triggers.forEach(t -> t.arm(fleet, timer));
          done = awaitQuietly(progress.finished());
        } finally {
          timer.shutdownNow();
        }
        LOG.info("task {} ended in {} ms", task.id(), (System.nanoTime() - taskStart) / 1_000_000);
        progress.close();
        TaskDetails details = platform.engine().details(task.id()).orElseThrow();
        out.println();
        TaskReport.print(details, out);
        out.println();
        if (!done) {
          out.printf("the task did not finish within %s%n", timeout);
        }
        out.printf(
            "%d of %d devices upgraded to %s in %.1f s%n",
            details.counters().success(),
            details.counters().total(),
            Seed.TO_VERSION,
            (System.nanoTime() - t0) / 1e9);
        return done && details.counters().success() == details.counters().total()
            ? Main.EXIT_OK
            : Main.EXIT_FAILED;
      }
    } finally {
      progress.close();
    }
  }

  /** The last {@code --corrupt} modules of the fleet (first serial 828) corrupt the package. */
  private FaultPlan faults(Imei imei) {
    int serial = Integer.parseInt(imei.value().substring(8, 14));
    FaultPlan.Builder plan = FaultPlan.builder().link(link.link(serial - FIRST_SERIAL));
    if (serial >= FIRST_SERIAL + devices - corrupt) {
      plan.corruptPackage();
    }
    return plan.build();
  }

  private <T> T await(CompletableFuture<T> future, String what) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(Main.EXIT_FAILED, "interrupted while waiting for " + what);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw new CliException(
          Main.EXIT_FAILED, "failed while waiting for " + what + ": " + e.getCause());
    } catch (TimeoutException e) {
      throw new CliException(
          Main.EXIT_FAILED, "timed out after " + timeout + " waiting for " + what);
    }
  }

  private boolean awaitQuietly(CompletableFuture<?> future) {
    try {
      future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }
}
