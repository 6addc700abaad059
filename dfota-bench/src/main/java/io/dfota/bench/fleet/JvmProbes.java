package io.dfota.bench.fleet;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Heap and CPU measures of this JVM: used heap after full garbage collections (never the OS's
 * view), the process CPU time, and the CPU time of a set of threads.
 */
final class JvmProbes {

  /** Full collections per heap measure; later ones catch what finalization and soft refs free. */
  static final int GC_ROUNDS = 3;

  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private JvmProbes() {}

  /**
   * Runs {@link #GC_ROUNDS} full collections and returns the used heap.
   *
   * @return bytes
   */
  static long usedHeapAfterGc() {
    for (int i = 0; i < GC_ROUNDS; i++) {
      System.gc();
    }
    return MEMORY.getHeapMemoryUsage().getUsed();
  }

  /**
   * Returns the CPU time of this process (all threads, GC and JIT included).
   *
   * @return nanoseconds, or -1 when the platform does not tell
   */
  static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return -1;
  }

  /**
   * Returns the ids of the live threads.
   *
   * @return the ids
   */
  static Set<Long> liveThreadIds() {
    Set<Long> ids = new HashSet<>();
    for (long id : THREADS.getAllThreadIds()) {
      ids.add(id);
    }
    return ids;
  }

  /**
   * Returns the summed CPU time of some threads (those that ended count as 0).
   *
   * @param ids the thread ids
   * @return nanoseconds
   */
  static long threadCpuNanos(Collection<Long> ids) {
    long sum = 0;
    for (long id : ids) {
      long t = THREADS.getThreadCpuTime(id);
      if (t > 0) {
        sum += t;
      }
    }
    return sum;
  }

  /**
   * Returns the number of live threads.
   *
   * @return the count
   */
  static int threadCount() {
    return THREADS.getThreadCount();
  }

  /**
   * Returns the first lines of the live-object class histogram ({@code jcmd GC.class_histogram},
   * which runs a full collection first).
   *
   * @param lines how many lines, header included
   * @return the lines, or the reason they are missing
   */
  static String classHistogram(int lines) {
    try {
      Object out =
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                  "gcClassHistogram",
                  new Object[] {new String[0]},
                  new String[] {String[].class.getName()});
      return String.join("\n", String.valueOf(out).lines().limit(lines).toList());
    } catch (javax.management.JMException e) {
      return "class histogram: " + e;
    }
  }

  /**
   * Returns the host's count of UDP datagrams dropped because a socket's receive buffer was full
   * ({@code RcvbufErrors} in {@code /proc/net/snmp}; every process of the network namespace).
   *
   * @return the count, or -1 when unreadable
   */
  static long udpRcvbufErrors() {
    try {
      List<String> udp =
          Files.readAllLines(Path.of("/proc/net/snmp")).stream()
              .filter(l -> l.startsWith("Udp:"))
              .toList();
      if (udp.size() < 2) {
        return -1;
      }
      List<String> names = List.of(udp.get(0).trim().split("\\s+"));
      String[] values = udp.get(1).trim().split("\\s+");
      int i = names.indexOf("RcvbufErrors");
      return i > 0 && i < values.length ? Long.parseLong(values[i]) : -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * Returns the maximum heap.
   *
   * @return bytes
   */
  static long maxHeap() {
    return MEMORY.getHeapMemoryUsage().getMax();
  }
}
