package io.dfota.platform.internal;

import io.dfota.platform.CampaignStore;
import io.dfota.platform.DeviceGroup;
import io.dfota.platform.DeviceProfile;
import io.dfota.platform.DeviceRun;
import io.dfota.platform.FirmwarePackage;
import io.dfota.platform.ManufacturerKey;
import io.dfota.platform.PlatformException;
import io.dfota.platform.UpgradeTask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link CampaignStore} in memory: for tests and demos; nothing survives the JVM. */
public final class InMemoryCampaignStore implements CampaignStore {
  private final Map<String, DeviceProfile> profiles = new LinkedHashMap<>();
  private final Map<String, ManufacturerKey> keys = new LinkedHashMap<>();
  private final Map<String, FirmwarePackage> packages = new LinkedHashMap<>();
  private final Map<String, DeviceGroup> groups = new LinkedHashMap<>();
  private final Map<String, UpgradeTask> tasks = new LinkedHashMap<>();
  private final Map<String, RunTable> runs = new LinkedHashMap<>();

  @Override
  public synchronized void saveProfile(DeviceProfile profile) {
    profiles.put(profile.key(), profile);
  }

  @Override
  public synchronized List<DeviceProfile> profiles() {
    return List.copyOf(profiles.values());
  }

  @Override
  public synchronized void saveKey(ManufacturerKey key) {
    keys.put(key.manufacturer() + "\u0000" + key.keyId(), key);
  }

  @Override
  public synchronized List<ManufacturerKey> keys() {
    return List.copyOf(keys.values());
  }

  @Override
  public synchronized void savePackage(FirmwarePackage pkg) {
    packages.put(pkg.id(), pkg);
  }

  @Override
  public synchronized List<FirmwarePackage> packages() {
    return List.copyOf(packages.values());
  }

  @Override
  public synchronized void saveGroup(DeviceGroup group) {
    groups.put(group.name(), group);
  }

  @Override
  public synchronized void deleteGroup(String name) {
    groups.remove(name);
  }

  @Override
  public synchronized List<DeviceGroup> groups() {
    return List.copyOf(groups.values());
  }

  @Override
  public synchronized void createTask(UpgradeTask task, List<DeviceRun> taskRuns) {
    if (tasks.containsKey(task.id())) {
      throw new PlatformException("task: " + task.id() + " (expected: a new task id)");
    }
    tasks.put(task.id(), task);
    RunTable m = new RunTable(false);
    taskRuns.forEach(m::put);
    runs.put(task.id(), m);
  }

  @Override
  public synchronized void updateTask(UpgradeTask task) {
    if (!tasks.containsKey(task.id())) {
      throw new PlatformException("task: " + task.id() + " (expected: an existing task)");
    }
    tasks.put(task.id(), task);
  }

  @Override
  public synchronized void saveRuns(List<DeviceRun> changed) {
    for (DeviceRun r : changed) {
      RunTable m = runs.get(r.taskId());
      if (m == null || !m.contains(r.deviceId())) {
        throw new PlatformException(
            "run: "
                + r.taskId()
                + "/"
                + r.deviceId()
                + " (expected: a device of an existing task)");
      }
    }
    for (DeviceRun r : changed) {
      runs.get(r.taskId()).put(r);
    }
  }

  @Override
  public synchronized List<UpgradeTask> tasks() {
    return List.copyOf(tasks.values());
  }

  @Override
  public synchronized Optional<UpgradeTask> task(String taskId) {
    return Optional.ofNullable(tasks.get(taskId));
  }

  @Override
  public synchronized List<DeviceRun> runs(String taskId) {
    RunTable m = runs.get(taskId);
    return m == null ? List.of() : new ArrayList<>(m.values());
  }

  @Override
  public void close() {}
}
