package io.dfota.platform;

import io.dfota.core.VirtualScheduler;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** An engine on virtual time over a {@link FakeFleet}, with one profile and one package. */
final class Harness {
  static final String OLD = "BC35GJBR01A03";
  static final String NEW = "BC35GJBR01A04";
  static final String PROFILE =
      "{\"devices\":[{\"manufacturerId\":\"Quectel\",\"manufacturerName\":\"Quectel\","
          + "\"model\":\"NBIoTDevice\",\"protocolType\":\"CoAP\",\"deviceType\":\"WaterMeter\","
          + "\"omCapability\":{\"upgradeCapability\":{\"supportUpgrade\":false},"
          + "\"fwUpgradeCapability\":{\"supportUpgrade\":true,\"upgradeProtocolType\":\"LWM2M\","
          + "\"downloadProtocolType\":\"CoAP\"}}}]}";

  final VirtualScheduler scheduler = new VirtualScheduler();
  final CampaignStore store;
  final FakeFleet fleet = new FakeFleet(scheduler);
  final Catalog catalog;
  final CampaignEngine engine;
  final FirmwarePackage pkg;
  final List<DeviceRun> reported = new ArrayList<>();

  Harness(Path dir) {
    this(dir, CampaignStore.inMemory());
  }

  Harness(Path dir, CampaignStore store) {
    this.store = store;
    catalog = Catalog.builder().store(store).dataDir(dir).scheduler(scheduler).build();
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
            .listener(
                new CampaignListener() {
                  @Override
                  public void onDevice(DeviceRun run) {
                    reported.add(run);
                  }
                })
            .build();
    engine.start();
  }

  /** Adds n devices at the old version; IMEIs 8677250300000nn. */
  List<Device> devices(int n) {
    List<Device> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String imei = String.format("8677250300%05d", fleet.devices.size());
      FakeFleet.Dev d = fleet.add(imei, OLD);
      d.targetVersion = NEW;
      out.add(
          new Device(
              UUID.nameUUIDFromBytes(imei.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
              imei));
    }
    return out;
  }

  FakeFleet.Dev dev(Device d) {
    return fleet.devices.get(d.imei());
  }

  TaskRequest.Builder request(List<Device> devices) {
    return TaskRequest.builder().name("task 5").packageId(pkg.id()).devices(devices);
  }

  UpgradeTask create(TaskRequest.Builder b) {
    return engine.createTask(b.build()).orThrow();
  }

  TaskDetails details(UpgradeTask t) {
    return engine.details(t.id()).orElseThrow();
  }

  DeviceRun run(UpgradeTask t, Device d) {
    return details(t).devices().stream()
        .filter(r -> r.deviceId().equals(d.id()))
        .findFirst()
        .orElseThrow();
  }
}
