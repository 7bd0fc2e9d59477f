package io.stockbridge.testhelper;

import static org.junit.jupiter.api.Assertions.fail;

import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.store.Storage;
import io.stockbridge.store.wiring.StorageFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
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

  /**
   * Set by {@code ./run-tests --fast}: a test asking for PostgreSQL there is missing its tag, and
   * fails instead of slowing the fast subset down.
   */
  static final String NO_POSTGRES = "stockbridge.test.noPostgres";

  private TestDatabases() {}

  /**
   * A SQLite file in {@code dir} with every migration applied: a copy of one file migrated once per
   * test JVM (migrating costs a few hundred milliseconds a test; a node or {@code migrate()} on the
   * copy finds nothing pending). An existing file there is left as it is.
   */
  public static String sqliteUrl(Path dir) {
    Path file = dir.resolve("stockbridge.db");
    if (!Files.exists(file)) {
      try {
        Files.copy(MigratedTemplate.FILE, file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return "jdbc:sqlite:" + file;
  }

  /**
   * A SQLite file in {@code dir} that does not exist yet: for tests of the migrations themselves.
   */
  public static String emptySqliteUrl(Path dir) {
    return "jdbc:sqlite:" + dir.resolve("stockbridge.db");
  }

  /** The migrated file {@link #sqliteUrl} copies, made on first use and deleted at exit. */
  private static final class MigratedTemplate {
    static final Path FILE = migrate();

    private static Path migrate() {
      try {
        Path dir = Files.createTempDirectory("stockbridge-migrated-");
        Path file = dir.resolve("template.db");
        try (Storage storage =
            StorageFactory.open(
                new StockbridgeConfig.Database("jdbc:sqlite:" + file, 1), Clock.systemUTC())) {
          storage.migrate();
        }
        for (String leftOver : new String[] {"-wal", "-shm"}) {
          if (Files.exists(dir.resolve("template.db" + leftOver))) {
            throw new IllegalStateException("the migrated template was not checkpointed");
          }
        }
        file.toFile().deleteOnExit();
        dir.toFile().deleteOnExit();
        return file;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Creates a fresh schema and returns a JDBC URL that uses it. */
  public static String createPostgresSchema() {
    if (Boolean.getBoolean(NO_POSTGRES)) {
      fail(
          "the fast subset runs without PostgreSQL: mark this test (or its method) @OnPostgres,"
              + " or @EndToEnd if it runs a node with the simulators");
    }
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
