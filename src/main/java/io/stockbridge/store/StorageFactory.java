package io.stockbridge.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.stockbridge.config.StockbridgeConfig;
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

/** Opens a {@link Storage} for a JDBC URL: SQLite (WAL, full fsync) or PostgreSQL. */
public final class StorageFactory {
  private static final Pattern CURRENT_SCHEMA =
      Pattern.compile("[?&]currentSchema=([A-Za-z0-9_]+)");

  private StorageFactory() {}

  /** Opens storage; does not migrate (call {@link Storage#migrate()}). */
  public static Storage open(StockbridgeConfig.Database database, Clock clock) {
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("stockbridge");
    pool.setMaximumPoolSize(database.poolSize());
    pool.setConnectionTimeout(10_000);
    pool.setInitializationFailTimeout(-1);
    return switch (Engine.ofUrl(database.url())) {
      case SQLITE -> openSqlite(database.url(), pool, clock);
      case POSTGRES -> openPostgres(database.url(), pool, clock);
    };
  }

  private static Storage openSqlite(String url, HikariConfig pool, Clock clock) {
    String file = url.substring("jdbc:sqlite:".length());
    int query = file.indexOf('?');
    Path path = Path.of(query < 0 ? file : file.substring(0, query));
    try {
      if (path.getParent() != null) {
        Files.createDirectories(path.getParent());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + path.getParent(), e);
    }
    SQLiteConfig sqlite = new SQLiteConfig();
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
