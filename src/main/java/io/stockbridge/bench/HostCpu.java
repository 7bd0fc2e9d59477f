package io.stockbridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's CPU time from {@code /proc/stat} (Linux), for cost-per-event figures. */
final class HostCpu {
  private static final Path STAT = Path.of("/proc/stat");

  /** Jiffies since boot: user, nice, system, idle, iowait, irq, softirq, steal; null if unknown. */
  static long[] read() {
    try {
      String line = Files.readAllLines(STAT).get(0);
      String[] parts = line.trim().split("\\s+");
      long[] values = new long[8];
      for (int i = 0; i < values.length && i + 1 < parts.length; i++) {
        values[i] = Long.parseLong(parts[i + 1]);
      }
      return values;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Busy CPU milliseconds (all cores, without idle, iowait and steal) between two readings. */
  static double busyMillis(long[] before, long[] after) {
    long busy = 0;
    for (int i : new int[] {0, 1, 2, 5, 6}) {
      busy += after[i] - before[i];
    }
    return busy * 1000.0 / 100; // USER_HZ is 100 on Linux
  }

  /** The share of CPU time the hypervisor gave to others between two readings. */
  static double stealShare(long[] before, long[] after) {
    long total = 0;
    for (int i = 0; i < before.length; i++) {
      total += after[i] - before[i];
    }
    return total == 0 ? 0 : (after[7] - before[7]) / (double) total;
  }
}
