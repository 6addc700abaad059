package io.dfota.cli;

import io.dfota.emulator.Imei;
import io.dfota.lwm2m.CoapTiming;
import io.dfota.platform.CampaignListener;
import io.dfota.platform.Device;
import io.dfota.platform.DeviceProfile;
import io.dfota.platform.DeviceRun;
import io.dfota.platform.ExecutePolicy;
import io.dfota.platform.FirmwarePackage;
import io.dfota.platform.ManufacturerKey;
import io.dfota.platform.PackageUpload;
import io.dfota.platform.RetryPolicy;
import io.dfota.platform.TaskCounters;
import io.dfota.platform.TaskRequest;
import io.dfota.platform.TaskStatus;
import io.dfota.platform.UpgradeTask;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dfota platform}: a standalone platform (protocol-notes §4): the campaign engine with its
 * JDBC store on H2 in the data directory and the LwM2M server, loaded with a Profile,
 * manufacturers' public keys and signed packages from files; optionally a group of devices and a
 * batch task. Runs until Ctrl-C; a restarted platform resumes its stored tasks.
 */
@Command(
    name = "platform",
    mixinStandardHelpOptions = true,
    description = {
      "Run a standalone DFOTA platform (LwM2M server + campaign engine, H2 store in DIR) until"
          + " Ctrl-C. The log goes to DIR/dfota.log.",
      "With --devices and --imei-base it binds those devices to a group and creates a batch task"
          + " for the last package; each device's result is printed as it ends."
    })
final class PlatformCommand implements Callable<Integer> {

  /** {@code BC35GJBR01A03_TO_BC35GJBR01A04_signed.zip}: the to-version is the package version. */
  private static final Pattern SEED_NAME =
      Pattern.compile("(?:.+)_TO_([A-Za-z0-9.]+?)(?:_signed)?\\.zip");

  private static final int MAX_FILE_BYTES = 256 * 1024;

  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      paramLabel = "ADDRESS",
      description = "Address to bind the LwM2M server to (default ${DEFAULT-VALUE}).")
  private String host;

  @Option(
      names = "--port",
      defaultValue = "5683",
      paramLabel = "P",
      description =
          "UDP port of the LwM2M server, 0 for one from the OS (default ${DEFAULT-VALUE}).")
  private int port;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR",
      description = "Data directory: H2 database, extracted packages, dfota.log.")
  private Path data;

  @Option(
      names = "--profile",
      paramLabel = "FILE",
      description = "Profile JSON (seed format, with omCapability) to import.")
  private Path profile;

  @Option(
      names = "--public-key",
      paramLabel = "MANUFACTURER=FILE",
      description = "A manufacturer's public.pem; repeat for several.")
  private Map<String, Path> publicKeys = Map.of();

  @Option(
      names = "--package",
      paramLabel = "[VERSION=]FILE",
      description = {
        "A signed package to upload (verified). VERSION defaults to the to-version in a file named"
            + " like BC35GJBR01A03_TO_BC35GJBR01A04_signed.zip. Device type, manufacturer, model"
            + " and protocol come from the Profile, which must then have one device entry."
      })
  private List<String> packages = List.of();

  @Option(
      names = "--group",
      defaultValue = "DFOTA",
      paramLabel = "NAME",
      description = "Group for --devices (default ${DEFAULT-VALUE}).")
  private String group;

  @Option(
      names = "--devices",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Bind N devices with consecutive IMEIs from --imei-base to the group and create"
              + " a batch task for the last package (unless one is still running).")
  private int devices;

  @Option(
      names = "--imei-base",
      defaultValue = "867725030008282",
      paramLabel = "IMEI",
      description = "First IMEI for --devices (default the seed's ${DEFAULT-VALUE}).")
  private String imeiBase;

  @Option(
      names = "--retries",
      defaultValue = "5",
      paramLabel = "0..5",
      description =
          "Retry count of the task; 0 for the \"no retry\" strategy (default"
              + " ${DEFAULT-VALUE}).")
  private int retries;

  @Option(
      names = "--dtls",
      description =
          "Serve LwM2M over DTLS 1.2 with PSK (CoAPS) only; needs --psk-file. The port defaults"
              + " to 5684 then.")
  private boolean dtls;

  @Option(
      names = "--psk-file",
      paramLabel = "FILE",
      description =
          "With --dtls: the devices' PSKs, one IDENTITY,ENDPOINT,KEYHEX per line (see docs/cli.md);"
              + " read again when an unknown identity connects and the file changed.")
  private Path pskFile;

  /** The security store of {@code --dtls}, or null. */
  private io.dfota.lwm2m.@org.jspecify.annotations.Nullable SecurityStore security() {
    if (!dtls) {
      if (pskFile != null) {
        throw new CliException(Main.EXIT_USAGE, "--psk-file: only with --dtls");
      }
      return null;
    }
    if (pskFile == null) {
      throw new CliException(Main.EXIT_USAGE, "--dtls: needs --psk-file FILE");
    }
    return PskFile.reloading(pskFile, "--psk-file");
  }

  /** The UDP port: --port, or 5684 with --dtls when --port was not given. */
  private int port() {
    boolean given =
        spec.commandLine().getParseResult() != null
            && spec.commandLine().getParseResult().hasMatchedOption("--port");
    return dtls && !given ? 5684 : port;
  }

  @Mixin private CoapTimingOptions coap = new CoapTimingOptions();

  @Override
  public Integer call() {
    if (port < 0 || port > 65535) {
      throw new CliException(Main.EXIT_USAGE, "--port: " + port + " (expected: 0 to 65535)");
    }
    if (devices < 0 || devices > 100_000) {
      throw new CliException(Main.EXIT_USAGE, "--devices: " + devices + " (expected: 0..100000)");
    }
    if (retries < 0 || retries > RetryPolicy.MAX_RETRIES) {
      throw new CliException(Main.EXIT_USAGE, "--retries: " + retries + " (expected: 0 to 5)");
    }
    CoapTiming timing = coap.timing();
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new CliException(Main.EXIT_USAGE, "--host: " + host + " (expected: an address)");
    }
    try {
      Files.createDirectories(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (UntilStopped stopper = new UntilStopped()) {
      LogFile log = LogFile.redirect(data);
      try {
        Printer printer = new Printer(out);
        try (EmbeddedPlatform platform =
            EmbeddedPlatform.start(
                data, address, port(), printer, security(), b -> b.coapTiming(timing))) {
          load(platform, out);
          out.printf(
              "platform: LwM2M server on %s://%s:%d (Ctrl-C to stop)%n",
              platform.scheme(),
              platform.address().getAddress().getHostAddress(),
              platform.address().getPort());
          out.flush();
          stopper.await();
        }
        out.println("platform stopped");
        out.flush();
      } finally {
        log.close();
      }
    }
    return Main.EXIT_OK;
  }

  private void load(EmbeddedPlatform platform, PrintWriter out) {
    List<DeviceProfile> entries = platform.catalog().profiles();
    if (profile != null) {
      entries = platform.catalog().importProfile(readText(profile, "--profile")).orThrow();
    }
    for (DeviceProfile p : entries) {
      out.printf(
          "profile: %s/%s/%s/%s, firmware upgrade %s%n",
          p.deviceType(),
          p.manufacturerName(),
          p.model(),
          p.protocolType(),
          p.fotaCapable() ? "supported" : "NOT supported");
    }
    for (Map.Entry<String, Path> k : publicKeys.entrySet()) {
      ManufacturerKey key =
          platform
              .catalog()
              .uploadKey(k.getKey(), readText(k.getValue(), "--public-key"))
              .orThrow();
      out.printf("public key: %s %s%n", key.manufacturer(), key.keyId());
    }
    FirmwarePackage last = null;
    for (String spec : packages) {
      if (entries.size() != 1) {
        throw new CliException(
            Main.EXIT_USAGE,
            "--package: the Profile has "
                + entries.size()
                + " device entries (expected: 1, to take the package's fields from)");
      }
      DeviceProfile p = entries.get(0);
      String version;
      Path file;
      int eq = spec.indexOf('=');
      if (eq > 0) {
        version = spec.substring(0, eq);
        file = Path.of(spec.substring(eq + 1));
      } else {
        file = Path.of(spec);
        Matcher m = SEED_NAME.matcher(String.valueOf(file.getFileName()));
        if (!m.matches()) {
          throw new CliException(
              Main.EXIT_USAGE,
              "--package: "
                  + spec
                  + " (expected: VERSION=FILE, or a file named FROM_TO_VERSION_signed.zip)");
        }
        version = m.group(1);
      }
      last =
          platform
              .catalog()
              .uploadPackage(
                  new PackageUpload(
                      file,
                      version,
                      p.deviceType(),
                      p.manufacturerName(),
                      p.model(),
                      p.protocolType()))
              .orThrow();
      out.printf(
          "package: %s version %s, %s (%d bytes), verified with key %s%n",
          last.id(), last.version(), last.binName(), last.size(), last.keyId());
    }
    if (devices > 0) {
      createTask(platform, last, out);
    }
    out.flush();
  }

  private void createTask(EmbeddedPlatform platform, FirmwarePackage pkg, PrintWriter out) {
    if (pkg == null) {
      List<FirmwarePackage> stored = platform.catalog().packages();
      if (stored.isEmpty()) {
        throw new CliException(Main.EXIT_USAGE, "--devices: no package (expected: --package)");
      }
      pkg = stored.get(stored.size() - 1);
    }
    Imei base;
    try {
      base = new Imei(imeiBase);
    } catch (RuntimeException e) {
      throw new CliException(Main.EXIT_USAGE, "--imei-base: " + e.getMessage());
    }
    String tac = base.value().substring(0, 8);
    int serial = Integer.parseInt(base.value().substring(8, 14));
    if (serial + devices - 1 > 999_999) {
      throw new CliException(Main.EXIT_USAGE, "--devices: too many for --imei-base " + imeiBase);
    }
    List<Device> list = new ArrayList<>();
    for (int i = 0; i < devices; i++) {
      String imei = Imei.of(tac, serial + i).value();
      list.add(new Device(UUID.nameUUIDFromBytes(imei.getBytes(StandardCharsets.US_ASCII)), imei));
    }
    if (platform.catalog().group(group).isEmpty()) {
      platform.catalog().createGroup(group).orThrow();
    }
    platform.catalog().bind(group, list).orThrow();
    out.printf("group %s: %d devices from %s%n", group, devices, imeiBase);
    String packageId = pkg.id();
    for (UpgradeTask t : platform.engine().tasks()) {
      boolean running =
          platform.engine().details(t.id()).map(d -> !d.status().finished()).orElse(false);
      if (running && t.packageId().equals(packageId)) {
        out.printf("task %s (%s) resumed%n", t.id(), t.name());
        return;
      }
    }
    UpgradeTask task =
        platform
            .engine()
            .createTask(
                TaskRequest.builder()
                    .name("DFOTA " + pkg.version())
                    .packageId(packageId)
                    .group(group)
                    .retry(
                        retries == 0
                            ? RetryPolicy.none()
                            : RetryPolicy.custom(retries, Duration.ZERO))
                    .execute(ExecutePolicy.now())
                    .build())
            .orThrow();
    out.printf("task %s (%s) created: waiting for the devices' uplinks%n", task.id(), task.name());
  }

  private static String readText(Path file, String option) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new CliException(
            Main.EXIT_USAGE,
            option + ": " + file + " (expected: at most " + MAX_FILE_BYTES + " bytes)");
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException(Main.EXIT_IO, option + ": " + file + ": " + e.getMessage());
    }
  }

  /** Prints each device's final row and each finished task. */
  private static final class Printer implements CampaignListener {
    private final PrintWriter out;

    Printer(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void onDevice(DeviceRun run) {
      if (run.status().terminal()) {
        synchronized (out) {
          out.printf(
              "device %s %s: %s%n",
              run.imei(), TaskReport.label(run.status().name()), run.description());
          out.flush();
        }
      }
    }

    @Override
    public void onTask(String taskId, TaskStatus status, TaskCounters counters) {
      if (status.finished()) {
        synchronized (out) {
          out.printf(
              "task %s: %s, %d of %d devices succeeded%n",
              taskId, TaskReport.label(status.name()), counters.success(), counters.total());
          out.flush();
        }
      }
    }
  }
}
