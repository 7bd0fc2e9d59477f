package io.stockbridge.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.TreeMap;

/** CPU time of this JVM's threads, grouped by name (digits dropped), for the progress output. */
final class ThreadCpu {
  private ThreadCpu() {}

  static Map<String, Long> byGroup() {
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    Map<String, Long> groups = new TreeMap<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      long nanos = bean.getThreadCpuTime(thread.threadId());
      if (nanos > 0) {
        groups.merge(group(thread.getName()), nanos, Long::sum);
      }
    }
    // Carrier threads of virtual threads are not in getAllStackTraces; count all by id.
    for (long id : bean.getAllThreadIds()) {
      var info = bean.getThreadInfo(id);
      if (info != null && info.getThreadName().startsWith("ForkJoinPool")) {
        groups.merge("carriers", Math.max(0, bean.getThreadCpuTime(id)), Long::sum);
      }
    }
    return groups;
  }

  static String group(String name) {
    return name.replaceAll("[0-9]+", "").replaceAll("[-@{}:.,() /]+$", "");
  }

  /** Milliseconds per group since {@code before}. */
  static Map<String, Long> since(Map<String, Long> before) {
    Map<String, Long> now = byGroup();
    Map<String, Long> delta = new TreeMap<>();
    now.forEach(
        (group, nanos) -> {
          long ms = (nanos - before.getOrDefault(group, 0L)) / 1_000_000;
          if (ms >= 20) {
            delta.put(group, ms);
          }
        });
    return delta;
  }
}
