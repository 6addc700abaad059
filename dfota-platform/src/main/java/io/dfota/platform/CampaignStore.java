package io.dfota.platform;

import io.dfota.platform.internal.InMemoryCampaignStore;
import io.dfota.platform.internal.JdbcCampaignStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the platform keeps profiles, keys, packages, groups, tasks and every device's outcome, so
 * that a restarted platform resumes its tasks (DESIGN.md "Nothing is lost"). Implementations:
 * {@link #inMemory()} and {@link #jdbc(String, String, String)} (embedded H2 or PostgreSQL, schema
 * created and migrated by the store). Every method is atomic; a write has happened when it returns.
 */
public interface CampaignStore extends AutoCloseable {

  /**
   * Saves or replaces a profile (key: {@link DeviceProfile#key()}).
   *
   * @param profile the profile
   */
  void saveProfile(DeviceProfile profile);

  /**
   * Lists the profiles.
   *
   * @return the profiles
   */
  List<DeviceProfile> profiles();

  /**
   * Saves or replaces a key (key: manufacturer + key id).
   *
   * @param key the key
   */
  void saveKey(ManufacturerKey key);

  /**
   * Lists the keys, retired ones included.
   *
   * @return the keys
   */
  List<ManufacturerKey> keys();

  /**
   * Saves a package.
   *
   * @param pkg the package
   */
  void savePackage(FirmwarePackage pkg);

  /**
   * Lists the packages.
   *
   * @return the packages
   */
  List<FirmwarePackage> packages();

  /**
   * Saves or replaces a group.
   *
   * @param group the group
   */
  void saveGroup(DeviceGroup group);

  /**
   * Deletes a group.
   *
   * @param name the group name
   */
  void deleteGroup(String name);

  /**
   * Lists the groups.
   *
   * @return the groups
   */
  List<DeviceGroup> groups();

  /**
   * Creates a task with its device rows, atomically.
   *
   * @param task the task
   * @param runs its rows
   */
  void createTask(UpgradeTask task, List<DeviceRun> runs);

  /**
   * Replaces a task (for example when it is stopped).
   *
   * @param task the task
   */
  void updateTask(UpgradeTask task);

  /**
   * Replaces device rows of existing tasks, atomically.
   *
   * @param runs the rows
   */
  void saveRuns(List<DeviceRun> runs);

  /**
   * Lists the tasks.
   *
   * @return the tasks, oldest first
   */
  List<UpgradeTask> tasks();

  /**
   * Returns a task.
   *
   * @param taskId the id
   * @return the task
   */
  Optional<UpgradeTask> task(String taskId);

  /**
   * Lists a task's device rows.
   *
   * @param taskId the task
   * @return the rows, in the order they were created
   */
  List<DeviceRun> runs(String taskId);

  @Override
  void close();

  /**
   * Returns a store that keeps everything in memory (tests, demos).
   *
   * @return a new store
   */
  static CampaignStore inMemory() {
    return new InMemoryCampaignStore();
  }

  /**
   * Opens the default durable store: embedded H2 in the file {@code <dataDir>/dfota.mv.db} (the
   * default of the CLI and the samples).
   *
   * @param dataDir the data directory; created by H2 if missing
   * @return the store
   */
  static CampaignStore h2(Path dataDir) {
    return jdbc("jdbc:h2:file:" + dataDir.resolve("dfota").toAbsolutePath(), "sa", "");
  }

  /**
   * Opens a JDBC store, creating or migrating its schema (table {@code schema_version}). Tested
   * with embedded H2 ({@code jdbc:h2:file:<dir>/dfota}) and PostgreSQL.
   *
   * @param url the JDBC URL
   * @param user the user
   * @param password the password
   * @return the store
   */
  static CampaignStore jdbc(String url, String user, String password) {
    return JdbcCampaignStore.open(url, user, password);
  }
}
