package io.dfota.cli;

import io.dfota.platform.DeviceRun;
import io.dfota.platform.TaskCounters;
import io.dfota.platform.TaskDetails;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints a task's details page as the seed's Figure 16 shows it (protocol-notes §1.2): the task
 * fields, then one row per device with status, device name (IMEI), device id (UUID) and the
 * platform's description.
 */
final class TaskReport {

  /** The create-time format (seed: {@code 2018-09-17 15:10:06}), in UTC. */
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private TaskReport() {}

  /**
   * Prints the details and the device rows.
   *
   * @param d the task details
   * @param out where to print
   */
  static void print(TaskDetails d, PrintWriter out) {
    TaskCounters c = d.counters();
    List<String[]> fields = new ArrayList<>();
    fields.add(new String[] {"Task name", d.name()});
    fields.add(new String[] {"Task ID", d.id()});
    fields.add(new String[] {"Task status", label(d.status().name())});
    fields.add(new String[] {"Success rate", percent(d.successRate())});
    fields.add(new String[] {"Total", Integer.toString(c.total())});
    fields.add(new String[] {"Completed", Integer.toString(c.completed())});
    fields.add(new String[] {"Success", Integer.toString(c.success())});
    fields.add(new String[] {"Failure", Integer.toString(c.failed())});
    fields.add(new String[] {"Create time", TIME.format(d.created()) + " UTC"});
    fields.add(new String[] {"Retry strategy", d.retryStrategy()});
    fields.add(new String[] {"Retry count", Integer.toString(d.retryCount())});
    fields.add(new String[] {"Group", d.group() == null ? "-" : d.group()});
    fields.add(new String[] {"Device type", d.deviceType()});
    fields.add(new String[] {"Manufacturer", d.manufacturer()});
    fields.add(new String[] {"Model", d.model()});
    fields.add(new String[] {"Protocol", d.protocol()});
    fields.add(new String[] {"Version", d.version()});
    fields.add(new String[] {"Firmware name", d.firmwareName()});
    out.println("Task details");
    for (String[] f : fields) {
      out.printf("  %-15s %s%n", f[0], f[1]);
    }
    out.println();
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"Status", "Device name", "Device ID", "Description"});
    for (DeviceRun r : d.devices()) {
      rows.add(
          new String[] {
            label(r.status().name()), r.imei(), r.deviceId().toString(), r.description()
          });
    }
    int[] width = new int[3];
    for (String[] row : rows) {
      for (int i = 0; i < width.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      out.printf(
          "%-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %s%n",
          row[0],
          row[1],
          row[2],
          row[3]);
    }
    out.flush();
  }

  /** {@code PARTIAL_SUCCESS} → {@code Partial success}. */
  static String label(String enumName) {
    String s = enumName.replace('_', ' ').toLowerCase(Locale.ROOT);
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  static String percent(double rate) {
    return Math.round(rate * 100) + "%";
  }
}
