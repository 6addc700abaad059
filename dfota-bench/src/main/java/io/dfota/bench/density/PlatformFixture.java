package io.dfota.bench.density;

import io.dfota.core.FotaFleet;
import io.dfota.core.Scheduler;
import io.dfota.platform.CampaignEngine;
import io.dfota.platform.CampaignListener;
import io.dfota.platform.CampaignStore;
import io.dfota.platform.Catalog;
import io.dfota.platform.Device;
import io.dfota.platform.DeviceGroup;
import io.dfota.platform.FirmwarePackage;
import io.dfota.platform.TaskRequest;
import io.dfota.platform.UpgradeTask;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The platform role without transport: an in-memory {@link CampaignStore}, a {@link Catalog} with
 * one FOTA-capable profile and one package, and a {@link CampaignEngine} over a given fleet.
 */
public final class PlatformFixture implements AutoCloseable {
  /** The package's target version. */
  public static final String NEW = "BC35GJBR01A04";

  /** The first synthetic IMEI. */
  public static final long FIRST_IMEI = 867_725_030_000_000L;

  private static final String PROFILE =
      "{\"devices\":[{\"manufacturerId\":\"Quectel\",\"manufacturerName\":\"Quectel\","
          + "\"model\":\"NBIoTDevice\",\"protocolType\":\"CoAP\",\"deviceType\":\"WaterMeter\","
          + "\"omCapability\":{\"upgradeCapability\":{\"supportUpgrade\":false},"
          + "\"fwUpgradeCapability\":{\"supportUpgrade\":true,\"upgradeProtocolType\":\"LWM2M\","
          + "\"downloadProtocolType\":\"CoAP\"}}}]}";

  /** The store. */
  public final CampaignStore store = CampaignStore.inMemory();

  /** The catalogue. */
  public final Catalog catalog;

  /** The engine (started). */
  public final CampaignEngine engine;

  /** The package tasks install. */
  public final FirmwarePackage pkg;

  /**
   * Builds and starts the platform.
   *
   * @param dataDir the catalogue's data directory
   * @param fleet the fleet
   * @param scheduler the scheduler
   * @param listener a progress listener
   */
  public PlatformFixture(
      Path dataDir, FotaFleet fleet, Scheduler scheduler, CampaignListener listener) {
    catalog = Catalog.builder().store(store).dataDir(dataDir).scheduler(scheduler).build();
    catalog.importProfile(PROFILE).orThrow();
    pkg =
        new FirmwarePackage(
            "0123456789abcdef01234567",
            NEW,
            "WaterMeter",
            "Quectel",
            "NBIoTDevice",
            "CoAP",
            "BC35GJBR01A03_TO_BC35GJBR01A04.bin",
            1000,
            "a".repeat(64),
            "key-1",
            Instant.parse("2018-11-30T00:00:00Z"));
    store.savePackage(pkg);
    engine =
        CampaignEngine.builder()
            .store(store)
            .catalog(catalog)
            .fleet(fleet)
            .scheduler(scheduler)
            .listener(listener)
            .build();
    engine.start();
  }

  /**
   * Returns the IMEI of synthetic device {@code i}, as a fresh string (as if read from a database).
   *
   * @param i the index
   * @return 15 digits
   */
  public static String imei(long i) {
    return Long.toString(FIRST_IMEI + i);
  }

  /**
   * Creates synthetic devices {@code from .. from+count-1}.
   *
   * @param from the first index
   * @param count how many
   * @return the devices
   */
  public static List<Device> devices(long from, int count) {
    List<Device> out = new ArrayList<>(count);
    for (long i = from; i < from + count; i++) {
      String imei = imei(i);
      out.add(new Device(UUID.nameUUIDFromBytes(imei.getBytes(StandardCharsets.US_ASCII)), imei));
    }
    return out;
  }

  /**
   * Binds {@code count} synthetic devices into groups of at most {@link DeviceGroup#MAX_DEVICES}.
   *
   * @param count how many devices
   * @return the group names
   */
  public List<String> groups(int count) {
    List<String> names = new ArrayList<>();
    for (int from = 0; from < count; from += DeviceGroup.MAX_DEVICES) {
      int n = Math.min(DeviceGroup.MAX_DEVICES, count - from);
      String name = "group-" + names.size();
      catalog.createGroup(name).orThrow();
      catalog.bind(name, devices(from, n)).orThrow();
      names.add(name);
    }
    return names;
  }

  /**
   * Creates one task over a group.
   *
   * @param group the group
   * @param request the rest of the form
   * @return the task
   */
  public UpgradeTask task(String group, TaskRequest.Builder request) {
    return engine
        .createTask(request.name("task " + group).packageId(pkg.id()).group(group).build())
        .orThrow();
  }

  @Override
  public void close() {
    engine.close();
    store.close();
  }
}
