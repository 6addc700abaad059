package io.dfota.platform;

import io.dfota.core.PackageContent;
import io.dfota.core.Scheduler;
import io.dfota.platform.internal.DefaultCatalog;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The platform's device-management catalogue (seed §2.1–2.4, protocol-notes §1.1): Profiles,
 * manufacturers' public keys, signed firmware packages verified against them, and device groups.
 * Everything is kept in a {@link CampaignStore}; extracted {@code .bin} files go to a data
 * directory.
 */
public interface Catalog {

  /**
   * Imports a Profile document (seed Profile JSON); its device entries replace any with the same
   * device type, manufacturer and model.
   *
   * @param json the document
   * @return the device entries, or a refusal naming the bad field
   */
  Outcome<List<DeviceProfile>> importProfile(String json);

  /**
   * Lists the profiles.
   *
   * @return the profiles
   */
  List<DeviceProfile> profiles();

  /**
   * Uploads a manufacturer's {@code public.pem}. The manufacturer must be a Profile's manufacturer
   * name (seed §2.2). Several keys of one manufacturer may be active.
   *
   * @param manufacturer the manufacturer name
   * @param pem the PEM text (at most 16 KiB)
   * @return the stored key, or a refusal
   */
  Outcome<ManufacturerKey> uploadKey(String manufacturer, String pem);

  /**
   * Retires a key: packages signed with it can no longer be uploaded (stored ones stay).
   *
   * @param manufacturer the manufacturer
   * @param keyId the key id
   * @return the retired key, or a refusal
   */
  Outcome<ManufacturerKey> retireKey(String manufacturer, String keyId);

  /**
   * Lists a manufacturer's keys, retired ones included.
   *
   * @param manufacturer the manufacturer
   * @return the keys
   */
  List<ManufacturerKey> keys(String manufacturer);

  /**
   * Uploads a signed firmware package (seed §2.3). The fields must equal a Profile exactly and the
   * Profile must declare the firmware-upgrade capability; the signature must verify with an active
   * key of the manufacturer. The inner {@code .bin} is extracted and stored.
   *
   * @param upload the form
   * @return the stored package, or a refusal whose message names the failing field or check
   */
  Outcome<FirmwarePackage> uploadPackage(PackageUpload upload);

  /**
   * Returns a package.
   *
   * @param packageId the id
   * @return the package
   */
  Optional<FirmwarePackage> findPackage(String packageId);

  /**
   * Lists the packages.
   *
   * @return the packages
   */
  List<FirmwarePackage> packages();

  /**
   * Returns the bytes of a stored package's {@code .bin}, for the package server.
   *
   * @param pkg the package
   * @return random-access content
   */
  PackageContent content(FirmwarePackage pkg);

  /**
   * Checks that a package can be the target of a task: its Profile still exists and still declares
   * the firmware-upgrade capability (protocol-notes §4.3).
   *
   * @param pkg the package
   * @return the profile, or a refusal
   */
  Outcome<DeviceProfile> profileFor(FirmwarePackage pkg);

  /**
   * Creates an empty group.
   *
   * @param name the name
   * @return the group, or a refusal if it exists
   */
  Outcome<DeviceGroup> createGroup(String name);

  /**
   * Binds devices to a group; devices already bound are kept once.
   *
   * @param name the group
   * @param devices the devices
   * @return the group, or a refusal
   */
  Outcome<DeviceGroup> bind(String name, Collection<Device> devices);

  /**
   * Unbinds devices from a group.
   *
   * @param name the group
   * @param deviceIds the device ids
   * @return the group, or a refusal
   */
  Outcome<DeviceGroup> unbind(String name, Collection<UUID> deviceIds);

  /**
   * Returns a group.
   *
   * @param name the name
   * @return the group
   */
  Optional<DeviceGroup> group(String name);

  /**
   * Lists the groups.
   *
   * @return the groups
   */
  List<DeviceGroup> groups();

  /**
   * Starts a catalogue.
   *
   * @return a builder
   */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Catalog}; the store and the data directory are required. */
  final class Builder {
    private @Nullable CampaignStore store;
    private @Nullable Path dataDir;
    private @Nullable Scheduler scheduler;

    private Builder() {}

    /**
     * Sets the store.
     *
     * @param value the store
     * @return this
     */
    public Builder store(CampaignStore value) {
      this.store = value;
      return this;
    }

    /**
     * Sets the directory extracted packages are kept in.
     *
     * @param value the directory; created if missing
     * @return this
     */
    public Builder dataDir(Path value) {
      this.dataDir = value;
      return this;
    }

    /**
     * Sets the clock for upload and retirement times (default: the system clock).
     *
     * @param value the scheduler
     * @return this
     */
    public Builder scheduler(Scheduler value) {
      this.scheduler = value;
      return this;
    }

    /**
     * Builds the catalogue.
     *
     * @return the catalogue
     * @throws IllegalStateException if the store or the data directory is missing
     */
    public Catalog build() {
      if (store == null) {
        throw new IllegalStateException("store is required");
      }
      if (dataDir == null) {
        throw new IllegalStateException("dataDir is required");
      }
      return DefaultCatalog.create(store, dataDir, scheduler);
    }
  }
}
