package io.stockbridge.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time spent by this benchmark only: this JVM (node and load generator) plus, on PostgreSQL,
 * the server processes serving its connections (found by their application name), read from {@code
 * /proc} (Linux). Other work on a shared machine does not count, so the cost per event is
 * comparable between runs when throughput is not.
 */
final class HostCpu {
  private final String postgresUrl;
  private final String applicationName;

  /** {@code postgresUrl} null for SQLite. */
  HostCpu(String postgresUrl, String applicationName) {
    this.postgresUrl = postgresUrl;
    this.applicationName = applicationName;
  }

  /** CPU nanoseconds used so far by this JVM and its database backends; -1 if unknown. */
  long nanos() {
    if (!(ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os)) {
      return -1;
    }
    long total = os.getProcessCpuTime();
    if (postgresUrl == null) {
      return total;
    }
    try {
      for (long pid : backendPids()) {
        String[] stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat")).split(" ");
        // Fields 14 and 15 (utime, stime) in clock ticks of 10 ms; the name (field 2) has no spaces
        // for postgres backends.
        total += (Long.parseLong(stat[13]) + Long.parseLong(stat[14])) * 10_000_000L;
      }
      return total;
    } catch (IOException | SQLException | RuntimeException e) {
      return -1;
    }
  }

  private List<Long> backendPids() throws SQLException {
    List<Long> pids = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(postgresUrl);
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT pid FROM pg_stat_activity WHERE application_name = ?")) {
      select.setString(1, applicationName);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          pids.add(rs.getLong(1));
        }
      }
    }
    return pids;
  }
}
