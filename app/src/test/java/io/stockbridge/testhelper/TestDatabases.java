package io.stockbridge.testhelper;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * Databases for tests: a real SQLite file in a temporary directory, or an isolated schema in the
 * real PostgreSQL on 127.0.0.1:5432 (dropped afterwards). When PostgreSQL is missing, tests are
 * skipped locally but fail under {@code CI=true}.
 */
public final class TestDatabases {
  public static final String POSTGRES_SERVER_URL =
      System.getenv()
          .getOrDefault(
              "STOCKBRIDGE_TEST_POSTGRES_URL",
              "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");

  private TestDatabases() {}

  public static String sqliteUrl(Path dir) {
    return "jdbc:sqlite:" + dir.resolve("stockbridge.db");
  }

  /** Creates a fresh schema and returns a JDBC URL that uses it. */
  public static String createPostgresSchema() {
    requirePostgres();
    String schema = "sb_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute("CREATE SCHEMA " + schema);
    return POSTGRES_SERVER_URL
        + (POSTGRES_SERVER_URL.contains("?") ? "&" : "?")
        + "currentSchema="
        + schema;
  }

  public static void dropPostgresSchema(String url) {
    String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
    execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  public static void requirePostgres() {
    try (Connection ignored = DriverManager.getConnection(POSTGRES_SERVER_URL)) {
      // reachable
    } catch (SQLException e) {
      if ("true".equals(System.getenv("CI"))) {
        fail(
            "PostgreSQL is required under CI=true but is not reachable at "
                + POSTGRES_SERVER_URL
                + ": "
                + e.getMessage());
      }
      Assumptions.abort(
          "PostgreSQL not reachable at " + POSTGRES_SERVER_URL + "; skipped outside CI");
    }
  }

  private static void execute(String sql) {
    try (Connection connection = DriverManager.getConnection(POSTGRES_SERVER_URL);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
