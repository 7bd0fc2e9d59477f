package io.stockbridge.bench;

import io.stockbridge.config.StockbridgeConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A scratch database for one benchmark run: a SQLite file in the work directory, or a fresh schema
 * in the PostgreSQL server (dropped on close).
 */
final class BenchDatabase implements AutoCloseable {
  private final BenchOptions options;
  private final String url;
  private final String schema;

  BenchDatabase(BenchOptions options) {
    this.options = options;
    if (options.engine().equals("postgres")) {
      schema = "sb_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
      execute("CREATE SCHEMA " + schema);
      url = withSchema(options.postgresUrl(), schema);
    } else {
      schema = null;
      url = "jdbc:sqlite:" + options.workDir().resolve("bench.db");
    }
  }

  static String withSchema(String serverUrl, String schema) {
    // The schema's name as the application name too, so a benchmark can find its server processes.
    return serverUrl
        + (serverUrl.contains("?") ? "&" : "?")
        + "currentSchema="
        + schema
        + "&ApplicationName="
        + schema;
  }

  String url() {
    return url;
  }

  String schema() {
    return schema;
  }

  StockbridgeConfig.Database database(int poolSize) {
    return new StockbridgeConfig.Database(url, poolSize);
  }

  /** Creates another scratch schema on the same server (for a peer library's tables). */
  String extraSchema(String prefix) {
    String extra = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    execute("CREATE SCHEMA " + extra);
    return extra;
  }

  void dropSchema(String name) {
    execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
  }

  private void execute(String sql) {
    try (Connection connection = DriverManager.getConnection(options.postgresUrl());
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL at " + options.postgresUrl() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (schema != null) {
      dropSchema(schema);
    }
  }
}
