package io.dfota.platform.internal;

import io.dfota.platform.DeviceRun;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A task's device rows in creation order, indexed by device id and optionally by IMEI: one array of
 * rows and open-addressing tables of row positions (about 20 bytes per device instead of a linked
 * hash map's 50 to 90), for tasks of 100 000 devices and platforms of a million. Not thread-safe.
 */
final class RunTable {
  private DeviceRun[] rows = new DeviceRun[16];
  private int size;
  private int[] byId = new int[32];
  private int @Nullable [] byImei;
  // the last device found: the engine reads a row, then writes its successor for the same device
  private @Nullable UUID lastId;
  private int lastIndex;

  /**
   * Creates an empty table.
   *
   * @param imeiIndex whether rows are also looked up by IMEI
   */
  RunTable(boolean imeiIndex) {
    this.byImei = imeiIndex ? new int[32] : null;
  }

  int size() {
    return size;
  }

  DeviceRun at(int index) {
    return rows[index];
  }

  @Nullable DeviceRun get(UUID deviceId) {
    int i = indexOf(deviceId);
    return i < 0 ? null : rows[i];
  }

  boolean contains(UUID deviceId) {
    return indexOf(deviceId) >= 0;
  }

  /** Returns the device id of the row with this IMEI, or null (needs the IMEI index). */
  @Nullable UUID idOfImei(String imei) {
    int[] t = byImei;
    if (t == null) {
      throw new IllegalStateException("table built without an IMEI index");
    }
    int mask = t.length - 1;
    for (int h = mix(imei.hashCode()) & mask; ; h = (h + 1) & mask) {
      int v = t[h];
      if (v == 0) {
        return null;
      }
      if (rows[v - 1].imei().equals(imei)) {
        return rows[v - 1].deviceId();
      }
    }
  }

  /**
   * Adds a row, or replaces the row of the same device (whose IMEI must not change).
   *
   * @return the replaced row, or null
   */
  @Nullable DeviceRun put(DeviceRun r) {
    int i = indexOf(r.deviceId());
    if (i >= 0) {
      DeviceRun old = rows[i];
      rows[i] = r;
      return old;
    }
    if (size == rows.length) {
      rows = Arrays.copyOf(rows, size + (size >> 1) + 1);
    }
    rows[size++] = r;
    if (size * 2 > byId.length) {
      rehash(byId.length * 2);
    } else {
      insert(size - 1);
    }
    return null;
  }

  /** Returns a live, read-only view of the rows in creation order. */
  List<DeviceRun> values() {
    return new View();
  }

  private int indexOf(UUID id) {
    if (id == lastId) {
      return lastIndex; // rows never move or leave
    }
    int mask = byId.length - 1;
    for (int h = mix(id.hashCode()) & mask; ; h = (h + 1) & mask) {
      int v = byId[h];
      if (v == 0) {
        return -1;
      }
      if (rows[v - 1].deviceId().equals(id)) {
        lastId = id;
        lastIndex = v - 1;
        return v - 1;
      }
    }
  }

  private void insert(int index) {
    DeviceRun r = rows[index];
    place(byId, mix(r.deviceId().hashCode()), index);
    if (byImei != null) {
      place(byImei, mix(r.imei().hashCode()), index);
    }
  }

  private static void place(int[] table, int hash, int index) {
    int mask = table.length - 1;
    int h = hash & mask;
    while (table[h] != 0) {
      h = (h + 1) & mask;
    }
    table[h] = index + 1;
  }

  private void rehash(int capacity) {
    byId = new int[capacity];
    if (byImei != null) {
      byImei = new int[capacity];
    }
    for (int i = 0; i < size; i++) {
      insert(i);
    }
  }

  private static int mix(int h) {
    int x = h * 0x9E3779B9;
    return x ^ (x >>> 16);
  }

  private final class View extends AbstractList<DeviceRun> implements RandomAccess {
    @Override
    public DeviceRun get(int index) {
      if (index < 0 || index >= size) {
        throw new IndexOutOfBoundsException(index);
      }
      return rows[index];
    }

    @Override
    public int size() {
      return size;
    }
  }
}
