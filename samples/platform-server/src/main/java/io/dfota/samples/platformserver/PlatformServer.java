package io.dfota.samples.platformserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dfota.core.Scheduler;
import io.dfota.lwm2m.Lwm2mServer;
import io.dfota.platform.CampaignEngine;
import io.dfota.platform.CampaignListener;
import io.dfota.platform.CampaignStore;
import io.dfota.platform.Catalog;
import io.dfota.platform.Device;
import io.dfota.platform.DeviceGroup;
import io.dfota.platform.DeviceProfile;
import io.dfota.platform.ExecutePolicy;
import io.dfota.platform.FirmwarePackage;
import io.dfota.platform.Outcome;
import io.dfota.platform.PackageUpload;
import io.dfota.platform.Refusal;
import io.dfota.platform.RetryPolicy;
import io.dfota.platform.TaskRequest;
import io.dfota.platform.UpgradeTask;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A standalone platform (platform role, protocol-notes §1.1, §1.2, §4) loaded from a directory:
 *
 * <pre>
 * DIR/profile.json               the device Profile(s), the seed's JSON with omCapability
 * DIR/keys/MANUFACTURER.pem      public keys; the file name is the manufacturer name
 * DIR/packages/*_signed.zip      signed packages; the version is the part after "_TO_", the
 *                                device type, manufacturer, model and protocol come from the Profile
 *                                (or from an optional X_signed.json with those five fields)
 * DIR/task.json                  optional batch task: name, group, devices (IMEIs), version, retries
 * DIR/data/                      the campaign store (embedded H2) and the verified .bin files
 * </pre>
 *
 * <p>It serves LwM2M on UDP {@code --host} (default 127.0.0.1) and {@code --port} (default 5683).
 * What is already in the store (a key, a package, the group, a task of the same name) is kept, so
 * the server can be restarted on the same directory and resumes its tasks.
 *
 * <p>Run: {@code java io.dfota.samples.platformserver.PlatformServer [--host H] [--port P]
 * [--example] DIR}; {@code --example} first fills DIR with the seed's example ({@link
 * ExampleDirectory}) when it has no {@code profile.json}.
 */
public final class PlatformServer implements AutoCloseable {
  /** The seed's LwM2M port (protocol-notes §2.3 {@code AT+NCDP}). */
  public static final int DEFAULT_PORT = 5683;

  static final String PROFILE = "profile.json";
  static final String KEYS = "keys";
  static final String PACKAGES = "packages";
  static final String TASK = "task.json";
  static final String DATA = "data";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ScheduledExecutorService executor;
  private final CampaignStore store;
  private final Lwm2mServer server;
  private final Catalog catalog;
  private final CampaignEngine engine;
  private final @Nullable String taskId;

  private PlatformServer(
      ScheduledExecutorService executor,
      CampaignStore store,
      Lwm2mServer server,
      Catalog catalog,
      CampaignEngine engine,
      @Nullable String taskId) {
    this.executor = executor;
    this.store = store;
    this.server = server;
    this.catalog = catalog;
    this.engine = engine;
    this.taskId = taskId;
  }

  /**
   * Entry point: starts the platform and serves until the process is stopped (Ctrl-C).
   *
   * @param args {@code [--host H] [--port P] [--example] DIR}
   * @throws Exception if the directory cannot be loaded or the port is taken
   */
  public static void main(String[] args) throws Exception {
    String host = "127.0.0.1";
    int port = DEFAULT_PORT;
    boolean example = false;
    @Nullable Path dir = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--host":
          host = value(args, ++i);
          break;
        case "--port":
          port = Integer.parseInt(value(args, ++i));
          break;
        case "--example":
          example = true;
          break;
        default:
          if (args[i].startsWith("--") || dir != null) {
            throw new IllegalArgumentException(
                "argument: " + args[i] + " (expected: [--host H] [--port P] [--example] DIR)");
          }
          dir = Path.of(args[i]);
      }
    }
    if (dir == null) {
      throw new IllegalArgumentException("DIR: missing (expected: the platform directory)");
    }
    if (example && !Files.exists(dir.resolve(PROFILE))) {
      ExampleDirectory.write(dir, ExampleDirectory.fleetImeis(3));
      System.out.println("wrote the seed's example into " + dir);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    PlatformServer platform =
        start(dir, new InetSocketAddress(InetAddress.getByName(host), port), listener());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  platform.close();
                  stopped.countDown();
                }));
    System.out.println("serving LwM2M on " + platform.address() + "; Ctrl-C to stop");
    stopped.await();
  }

  /**
   * Loads the directory and starts the platform.
   *
   * @param dir the platform directory
   * @param lwm2m the UDP address to serve LwM2M on (port 0: one from the OS)
   * @param listener progress of the tasks
   * @return the running platform
   * @throws IOException if a file cannot be read
   */
  public static PlatformServer start(Path dir, InetSocketAddress lwm2m, CampaignListener listener)
      throws IOException {
    Path data = Files.createDirectories(dir.resolve(DATA));
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    Scheduler scheduler = Scheduler.of(executor);
    CampaignStore store = CampaignStore.h2(data);
    Lwm2mServer server = Lwm2mServer.builder().localAddress(lwm2m).scheduler(scheduler).build();
    try {
      Catalog catalog =
          Catalog.builder()
              .store(store)
              .dataDir(data.resolve("packages"))
              .scheduler(scheduler)
              .build();
      loadProfile(catalog, dir.resolve(PROFILE));
      loadKeys(catalog, dir.resolve(KEYS));
      loadPackages(catalog, dir.resolve(PACKAGES));
      server.start();
      CampaignEngine engine =
          CampaignEngine.builder()
              .store(store)
              .catalog(catalog)
              .fleet(server.fleet())
              .scheduler(scheduler)
              .listener(listener)
              .build();
      engine.start(); // resumes the stored tasks
      String taskId = loadTask(catalog, engine, dir.resolve(TASK));
      return new PlatformServer(executor, store, server, catalog, engine, taskId);
    } catch (IOException | RuntimeException e) {
      server.stop();
      store.close();
      executor.shutdownNow();
      throw e;
    }
  }

  /**
   * Returns the LwM2M address served.
   *
   * @return the bound UDP address
   */
  public InetSocketAddress address() {
    return server.localAddress();
  }

  /**
   * Returns the catalogue.
   *
   * @return the catalogue
   */
  public Catalog catalog() {
    return catalog;
  }

  /**
   * Returns the campaign engine.
   *
   * @return the engine
   */
  public CampaignEngine engine() {
    return engine;
  }

  /**
   * Returns the id of the task from {@code task.json}.
   *
   * @return the id, or empty without {@code task.json}
   */
  public Optional<String> taskId() {
    return Optional.ofNullable(taskId);
  }

  @Override
  public void close() {
    try {
      engine.close();
    } finally {
      server.stop();
      store.close();
      executor.shutdownNow();
    }
  }

  private static void loadProfile(Catalog catalog, Path file) throws IOException {
    List<DeviceProfile> profiles =
        check(catalog.importProfile(Files.readString(file, StandardCharsets.UTF_8)), file);
    if (profiles != null) {
      for (DeviceProfile p : profiles) {
        System.out.println("profile " + p.key() + (p.fotaCapable() ? " (FOTA)" : " (no FOTA)"));
      }
    }
  }

  private static void loadKeys(Catalog catalog, Path keys) throws IOException {
    for (Path pem : list(keys, ".pem")) {
      String name = pem.getFileName().toString();
      String manufacturer = name.substring(0, name.length() - ".pem".length());
      var key =
          check(
              catalog.uploadKey(manufacturer, Files.readString(pem, StandardCharsets.US_ASCII)),
              pem);
      System.out.println(
          "public key of " + manufacturer + (key == null ? ": already loaded" : " " + key.keyId()));
    }
  }

  private static void loadPackages(Catalog catalog, Path packages) throws IOException {
    for (Path zip : list(packages, "_signed.zip")) {
      String name = zip.getFileName().toString();
      String base = name.substring(0, name.length() - ".zip".length());
      Path sidecar = zip.resolveSibling(base + ".json");
      List<DeviceProfile> profiles = catalog.profiles();
      DeviceProfile profile = profiles.size() == 1 ? profiles.get(0) : null;
      JsonNode meta =
          Files.exists(sidecar) ? JSON.readTree(sidecar.toFile()) : JSON.createObjectNode();
      int to = base.indexOf("_TO_");
      String version =
          text(
              meta,
              "version",
              to < 0 ? null : base.substring(to + 4, base.length() - "_signed".length()),
              zip);
      PackageUpload upload =
          new PackageUpload(
              zip,
              version,
              text(meta, "deviceType", profile == null ? null : profile.deviceType(), zip),
              text(meta, "manufacturer", profile == null ? null : profile.manufacturerName(), zip),
              text(meta, "model", profile == null ? null : profile.model(), zip),
              text(meta, "protocol", profile == null ? null : profile.protocolType(), zip));
      FirmwarePackage pkg = check(catalog.uploadPackage(upload), zip);
      System.out.println(
          "package "
              + name
              + (pkg == null
                  ? ": already loaded"
                  : ": verified, version " + pkg.version() + ", firmware " + pkg.binName()));
    }
  }

  private static @Nullable String loadTask(Catalog catalog, CampaignEngine engine, Path file)
      throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    JsonNode task = JSON.readTree(file.toFile());
    String name = text(task, "name", "task", file);
    String group = text(task, "group", "DFOTA", file);
    String version = text(task, "version", null, file);
    for (UpgradeTask t : engine.tasks()) {
      if (t.name().equals(name)) {
        System.out.println("task '" + name + "' " + t.id() + ": already created");
        return t.id();
      }
    }
    check(catalog.createGroup(group), file);
    Set<String> bound =
        catalog.group(group).map(DeviceGroup::devices).orElse(List.of()).stream()
            .map(Device::imei)
            .collect(Collectors.toSet());
    List<Device> devices = new ArrayList<>();
    for (JsonNode imei : task.path("devices")) {
      if (!bound.contains(imei.asText())) {
        // a stable device ID per IMEI, so that a restart binds the same devices
        UUID id = UUID.nameUUIDFromBytes(imei.asText().getBytes(StandardCharsets.US_ASCII));
        devices.add(new Device(id, imei.asText()));
      }
    }
    if (!devices.isEmpty()) {
      check(catalog.bind(group, devices), file);
    }
    FirmwarePackage pkg =
        catalog.packages().stream()
            .filter(p -> p.version().equals(version))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        file + ": version " + version + " (expected: a loaded package's version)"));
    UpgradeTask created =
        engine
            .createTask(
                TaskRequest.builder()
                    .name(name)
                    .packageId(pkg.id())
                    .group(group)
                    .retry(RetryPolicy.custom(task.path("retries").asInt(0), Duration.ZERO))
                    .execute(ExecutePolicy.deviceOnline())
                    .build())
            .orThrow();
    System.out.println(
        "task '" + name + "' " + created.id() + ": group " + group + ", version " + version);
    return created.id();
  }

  /** Accepts a value, treats "already there" as loaded, and fails on any other refusal. */
  private static <T> @Nullable T check(Outcome<T> outcome, Path source) {
    if (outcome instanceof Outcome.Accepted<T> accepted) {
      return accepted.value();
    }
    Outcome.Refused<T> refused = (Outcome.Refused<T>) outcome;
    if (refused.reason() == Refusal.DUPLICATE) {
      return null;
    }
    throw new IllegalArgumentException(source + ": " + refused.reason() + ": " + refused.message());
  }

  private static String text(JsonNode node, String field, @Nullable String fallback, Path source) {
    JsonNode v = node.get(field);
    if (v != null && v.isTextual()) {
      return v.asText();
    }
    if (fallback == null) {
      throw new IllegalArgumentException(
          source + ": " + field + " missing (expected: a string field '" + field + "')");
    }
    return fallback;
  }

  private static List<Path> list(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    }
  }

  private static CampaignListener listener() {
    return new CampaignListener() {
      @Override
      public void onDevice(io.dfota.platform.DeviceRun run) {
        System.out.printf(
            "  %s %s %s%n",
            run.imei(), run.status(), run.stage() == null ? run.description() : run.stage());
      }

      @Override
      public void onTask(
          String taskId, io.dfota.platform.TaskStatus status, io.dfota.platform.TaskCounters c) {
        System.out.printf(
            "task %s: %s (%d/%d succeeded, %d failed)%n",
            taskId, status, c.success(), c.total(), c.failed());
      }
    };
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(
          "option: " + args[i - 1] + " has no value (expected: a value after it)");
    }
    return args[i];
  }
}
