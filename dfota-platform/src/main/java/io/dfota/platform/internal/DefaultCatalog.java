package io.dfota.platform.internal;

import io.dfota.core.PackageContent;
import io.dfota.core.Scheduler;
import io.dfota.platform.CampaignStore;
import io.dfota.platform.Catalog;
import io.dfota.platform.Device;
import io.dfota.platform.DeviceGroup;
import io.dfota.platform.DeviceProfile;
import io.dfota.platform.FirmwarePackage;
import io.dfota.platform.ManufacturerKey;
import io.dfota.platform.Outcome;
import io.dfota.platform.PackageUpload;
import io.dfota.platform.PlatformException;
import io.dfota.platform.Refusal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The catalogue over a {@link CampaignStore}, with extracted binaries under a data directory. */
public final class DefaultCatalog implements Catalog {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultCatalog.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The largest {@code public.pem} accepted. */
  public static final int MAX_PEM_CHARS = 16 * 1024;

  private static final String[] FIELD_NAMES = {"device type", "manufacturer", "model", "protocol"};

  private final CampaignStore store;
  private final Path packageDir;
  private final Supplier<Instant> clock;
  private final PackageVerification verification;

  /**
   * Creates a catalogue.
   *
   * @param store the store
   * @param dataDir the data directory
   * @param clock the time source
   * @param verification the signature check
   */
  public DefaultCatalog(
      CampaignStore store,
      Path dataDir,
      Supplier<Instant> clock,
      PackageVerification verification) {
    this.store = Objects.requireNonNull(store, "store");
    this.packageDir = dataDir.resolve("packages");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.verification = Objects.requireNonNull(verification, "verification");
    try {
      Files.createDirectories(packageDir);
    } catch (IOException e) {
      throw new PlatformException("dataDir: " + dataDir + " (expected: a writable directory)", e);
    }
  }

  /**
   * Creates the production catalogue (signatures checked with dfota-signing).
   *
   * @param store the store
   * @param dataDir the data directory
   * @param scheduler the clock, or null for the system clock
   * @return the catalogue
   */
  public static Catalog create(CampaignStore store, Path dataDir, @Nullable Scheduler scheduler) {
    Supplier<Instant> clock = scheduler != null ? scheduler::now : Clock.systemUTC()::instant;
    return new DefaultCatalog(store, dataDir, clock, new SigningPackageVerification());
  }

  @Override
  public synchronized Outcome<List<DeviceProfile>> importProfile(String json) {
    Outcome<List<DeviceProfile>> parsed = DeviceProfile.parse(json);
    if (parsed instanceof Outcome.Accepted<List<DeviceProfile>> a) {
      a.value().forEach(store::saveProfile);
    }
    return parsed;
  }

  @Override
  public List<DeviceProfile> profiles() {
    return store.profiles();
  }

  @Override
  public synchronized Outcome<ManufacturerKey> uploadKey(String manufacturer, String pem) {
    if (pem.length() > MAX_PEM_CHARS) {
      return Outcome.refused(
          Refusal.INVALID_INPUT,
          "public.pem is "
              + pem.length()
              + " characters (expected: at most "
              + MAX_PEM_CHARS
              + ")");
    }
    boolean known =
        store.profiles().stream().anyMatch(p -> p.manufacturerName().equals(manufacturer));
    if (!known) {
      return Outcome.refused(
          Refusal.NO_PROFILE,
          "No device profile has manufacturer name '"
              + manufacturer
              + "'; the public key's manufacturer must match a profile");
    }
    Outcome<String> id = verification.keyId(pem);
    if (id instanceof Outcome.Refused<String> r) {
      return Outcome.refused(r.reason(), r.message());
    }
    String keyId = id.orThrow();
    for (ManufacturerKey k : store.keys()) {
      if (k.manufacturer().equals(manufacturer) && k.keyId().equals(keyId) && k.active()) {
        return Outcome.refused(
            Refusal.DUPLICATE, "Key " + keyId + " of " + manufacturer + " is already active");
      }
    }
    ManufacturerKey key = new ManufacturerKey(manufacturer, keyId, pem, clock.get(), null);
    store.saveKey(key);
    LOG.info("uploaded public key {} for {}", keyId, manufacturer);
    return Outcome.accepted(key);
  }

  @Override
  public synchronized Outcome<ManufacturerKey> retireKey(String manufacturer, String keyId) {
    for (ManufacturerKey k : store.keys()) {
      if (k.manufacturer().equals(manufacturer) && k.keyId().equals(keyId)) {
        if (!k.active()) {
          return Outcome.refused(Refusal.WRONG_STATUS, "Key " + keyId + " is already retired");
        }
        ManufacturerKey retired = k.retire(clock.get());
        store.saveKey(retired);
        return Outcome.accepted(retired);
      }
    }
    return Outcome.refused(
        Refusal.NOT_FOUND, "Key " + keyId + " of " + manufacturer + " does not exist");
  }

  @Override
  public List<ManufacturerKey> keys(String manufacturer) {
    return store.keys().stream().filter(k -> k.manufacturer().equals(manufacturer)).toList();
  }

  @Override
  public synchronized Outcome<FirmwarePackage> uploadPackage(PackageUpload upload) {
    if (upload.version().isBlank() || upload.version().length() > 64) {
      return Outcome.refused(
          Refusal.INVALID_INPUT, "Version '" + upload.version() + "' must be 1 to 64 characters");
    }
    Outcome<DeviceProfile> match =
        matchProfile(
            new String[] {
              upload.deviceType(), upload.manufacturer(), upload.model(), upload.protocol()
            });
    if (match instanceof Outcome.Refused<DeviceProfile> r) {
      return Outcome.refused(r.reason(), r.message());
    }
    DeviceProfile profile = match.orThrow();
    if (!profile.fotaCapable()) {
      return Outcome.refused(Refusal.NO_FOTA_CAPABILITY, noCapability(profile));
    }
    for (FirmwarePackage p : store.packages()) {
      if (p.version().equals(upload.version())
          && p.deviceType().equals(upload.deviceType())
          && p.manufacturer().equals(upload.manufacturer())
          && p.model().equals(upload.model())) {
        return Outcome.refused(
            Refusal.DUPLICATE,
            "A package with version " + upload.version() + " already exists for " + profile.key());
      }
    }
    List<ManufacturerKey> active =
        keys(upload.manufacturer()).stream().filter(ManufacturerKey::active).toList();
    if (active.isEmpty()) {
      return Outcome.refused(
          Refusal.UNKNOWN_KEY,
          "No active public key is uploaded for manufacturer '" + upload.manufacturer() + "'");
    }
    String id = newId();
    Path bin = packageDir.resolve(id + ".bin");
    Outcome<PackageVerification.VerifiedBin> verified;
    try {
      verified = verification.verify(upload.signedZip(), upload.manufacturer(), active, bin);
    } catch (RuntimeException e) {
      deleteQuietly(bin);
      throw e;
    }
    if (verified instanceof Outcome.Refused<PackageVerification.VerifiedBin> r) {
      deleteQuietly(bin);
      return Outcome.refused(r.reason(), r.message());
    }
    PackageVerification.VerifiedBin v = verified.orThrow();
    FirmwarePackage pkg =
        new FirmwarePackage(
            id,
            upload.version(),
            upload.deviceType(),
            upload.manufacturer(),
            upload.model(),
            upload.protocol(),
            v.name(),
            v.size(),
            v.sha256Hex(),
            v.keyId(),
            clock.get());
    store.savePackage(pkg);
    LOG.info("stored package {} version {} ({})", id, pkg.version(), pkg.binName());
    return Outcome.accepted(pkg);
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", p, e.toString());
    }
  }

  private static String noCapability(DeviceProfile p) {
    return "Profile "
        + p.key()
        + " has no omCapability.fwUpgradeCapability with supportUpgrade true, LWM2M and CoAP:"
        + " it can take neither firmware packages nor upgrade tasks";
  }

  /** Finds the profile with the most equal fields; refuses naming the first field that differs. */
  private Outcome<DeviceProfile> matchProfile(String[] fields) {
    DeviceProfile best = null;
    int bestScore = -1;
    for (DeviceProfile p : store.profiles()) {
      String[] have = profileFields(p);
      int score = 0;
      for (int i = 0; i < fields.length; i++) {
        // earlier fields weigh more, so the named difference is the least significant one
        if (have[i].equals(fields[i])) {
          score += 1 << (fields.length - i);
        }
      }
      if (score > bestScore) {
        bestScore = score;
        best = p;
      }
    }
    if (best == null) {
      return Outcome.refused(Refusal.NO_PROFILE, "No device profile has been imported");
    }
    String[] have = profileFields(best);
    for (int i = 0; i < fields.length; i++) {
      if (!have[i].equals(fields[i])) {
        return Outcome.refused(
            Refusal.FIELD_MISMATCH,
            "Package "
                + FIELD_NAMES[i]
                + " '"
                + fields[i]
                + "' does not match the profile's "
                + FIELD_NAMES[i]
                + " '"
                + have[i]
                + "'");
      }
    }
    return Outcome.accepted(best);
  }

  private static String[] profileFields(DeviceProfile p) {
    return new String[] {p.deviceType(), p.manufacturerName(), p.model(), p.protocolType()};
  }

  @Override
  public Optional<FirmwarePackage> findPackage(String packageId) {
    return store.packages().stream().filter(p -> p.id().equals(packageId)).findFirst();
  }

  @Override
  public List<FirmwarePackage> packages() {
    return store.packages();
  }

  @Override
  public PackageContent content(FirmwarePackage pkg) {
    return new FilePackageContent(
        pkg.id(), packageDir.resolve(pkg.id() + ".bin"), pkg.size(), pkg.sha256Hex());
  }

  @Override
  public Outcome<DeviceProfile> profileFor(FirmwarePackage pkg) {
    Outcome<DeviceProfile> match =
        matchProfile(
            new String[] {pkg.deviceType(), pkg.manufacturer(), pkg.model(), pkg.protocol()});
    if (match instanceof Outcome.Accepted<DeviceProfile> a && !a.value().fotaCapable()) {
      return Outcome.refused(Refusal.NO_FOTA_CAPABILITY, noCapability(a.value()));
    }
    return match;
  }

  @Override
  public synchronized Outcome<DeviceGroup> createGroup(String name) {
    if (name.isBlank() || name.length() > 64) {
      return Outcome.refused(
          Refusal.INVALID_INPUT, "Group name '" + name + "' must be 1 to 64 characters");
    }
    if (group(name).isPresent()) {
      return Outcome.refused(Refusal.DUPLICATE, "Group '" + name + "' already exists");
    }
    DeviceGroup g = new DeviceGroup(name, List.of());
    store.saveGroup(g);
    return Outcome.accepted(g);
  }

  @Override
  public synchronized Outcome<DeviceGroup> bind(String name, Collection<Device> devices) {
    Optional<DeviceGroup> g = group(name);
    if (g.isEmpty()) {
      return Outcome.refused(Refusal.NOT_FOUND, "Group '" + name + "' does not exist");
    }
    LinkedHashMap<UUID, Device> all = new LinkedHashMap<>();
    g.get().devices().forEach(d -> all.put(d.id(), d));
    Set<String> imeis = new HashSet<>();
    all.values().forEach(d -> imeis.add(d.imei()));
    for (Device d : devices) {
      Device old = all.get(d.id());
      if (old != null) {
        if (!old.imei().equals(d.imei())) {
          return Outcome.refused(
              Refusal.INVALID_INPUT,
              "Device " + d.id() + " is bound with device name " + old.imei());
        }
        continue;
      }
      if (!imeis.add(d.imei())) {
        return Outcome.refused(
            Refusal.DUPLICATE, "Device name " + d.imei() + " is already bound to this group");
      }
      all.put(d.id(), d);
    }
    if (all.size() > DeviceGroup.MAX_DEVICES) {
      return Outcome.refused(
          Refusal.INVALID_INPUT,
          "Group '" + name + "' would hold more than " + DeviceGroup.MAX_DEVICES + " devices");
    }
    DeviceGroup updated = new DeviceGroup(name, new ArrayList<>(all.values()));
    store.saveGroup(updated);
    return Outcome.accepted(updated);
  }

  @Override
  public synchronized Outcome<DeviceGroup> unbind(String name, Collection<UUID> deviceIds) {
    Optional<DeviceGroup> g = group(name);
    if (g.isEmpty()) {
      return Outcome.refused(Refusal.NOT_FOUND, "Group '" + name + "' does not exist");
    }
    Set<UUID> remove = new HashSet<>(deviceIds);
    DeviceGroup updated =
        new DeviceGroup(
            name, g.get().devices().stream().filter(d -> !remove.contains(d.id())).toList());
    store.saveGroup(updated);
    return Outcome.accepted(updated);
  }

  @Override
  public Optional<DeviceGroup> group(String name) {
    return store.groups().stream().filter(g -> g.name().equals(name)).findFirst();
  }

  @Override
  public List<DeviceGroup> groups() {
    return store.groups();
  }

  private static String newId() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
