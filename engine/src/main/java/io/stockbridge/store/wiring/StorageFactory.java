package io.stockbridge.store.wiring;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.store.Engine;
import io.stockbridge.store.Storage;
import io.stockbridge.store.jdbc.JdbcStorage;
import io.stockbridge.store.postgres.PostgresDialect;
import io.stockbridge.store.sqlite.SqliteDialect;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteOpenMode;

/** Opens a {@link Storage} for a JDBC URL: SQLite (WAL, full fsync) or PostgreSQL. */
public final class StorageFactory {
  private static final Pattern CURRENT_SCHEMA =
      Pattern.compile("[?&]currentSchema=([A-Za-z0-9_]+)");

  private StorageFactory() {}

  /** Opens storage; does not migrate (call {@link Storage#migrate()}). */
  public static Storage open(StockbridgeConfig.Database database, Clock clock) {
    return open(database, clock, true);
  }

  /**
   * Opens storage that must already exist, for commands that only use a database {@code migrate} or
   * {@code serve} made: a SQLite file that is not there is an error naming its path, and neither
   * the file nor its folder is created.
   *
   * @throws NoDatabaseException when the SQLite file does not exist
   */
  public static Storage openExisting(StockbridgeConfig.Database database, Clock clock) {
    return open(database, clock, false);
  }

  /** The SQLite file of a {@code jdbc:sqlite:} URL (without its query). */
  public static Path sqliteFile(String url) {
    String file = url.substring("jdbc:sqlite:".length());
    int query = file.indexOf('?');
    return Path.of(query < 0 ? file : file.substring(0, query));
  }

  /** No database where the configuration points; nothing was created. */
  public static final class NoDatabaseException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    NoDatabaseException(Path path) {
      super("no database at " + path + "; run `stockbridge migrate` or `serve` first");
    }
  }

  private static Storage open(StockbridgeConfig.Database database, Clock clock, boolean create) {
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("stockbridge");
    pool.setMaximumPoolSize(database.poolSize());
    pool.setConnectionTimeout(10_000);
    pool.setInitializationFailTimeout(-1);
    return switch (Engine.ofUrl(database.url())) {
      case SQLITE -> openSqlite(database.url(), pool, clock, create);
      case POSTGRES -> openPostgres(database.url(), pool, clock);
    };
  }

  private static Storage openSqlite(String url, HikariConfig pool, Clock clock, boolean create) {
    Path path = sqliteFile(url);
    if (!create && !Files.isRegularFile(path)) {
      throw new NoDatabaseException(path.toAbsolutePath().normalize());
    }
    try {
      if (create && path.getParent() != null) {
        Files.createDirectories(path.getParent());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + path.getParent(), e);
    }
    SQLiteConfig sqlite = new SQLiteConfig();
    if (!create) {
      // Even if the file goes away after the check, SQLite must not make a new, empty one.
      sqlite.resetOpenMode(SQLiteOpenMode.CREATE);
    }
    sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // FULL: a commit is on disk before we acknowledge; group commit amortises the fsync.
    sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    sqlite.setBusyTimeout(30_000);
    // IMMEDIATE: a write transaction takes the write lock at BEGIN, so two writers never deadlock
    // upgrading read locks; the busy timeout makes the second one wait instead.
    sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    SQLiteDataSource dataSource = new SQLiteDataSource(sqlite);
    dataSource.setUrl("jdbc:sqlite:" + path);
    pool.setDataSource(dataSource);
    pool.setMaximumPoolSize(Math.min(pool.getMaximumPoolSize(), 8));
    return new JdbcStorage(new HikariDataSource(pool), new SqliteDialect(), null, clock);
  }

  private static Storage openPostgres(String url, HikariConfig pool, Clock clock) {
    pool.setJdbcUrl(url);
    pool.addDataSourceProperty("reWriteBatchedInserts", "true");
    Matcher schema = CURRENT_SCHEMA.matcher(url);
    return new JdbcStorage(
        new HikariDataSource(pool),
        new PostgresDialect(),
        schema.find() ? schema.group(1) : null,
        clock);
  }
}
