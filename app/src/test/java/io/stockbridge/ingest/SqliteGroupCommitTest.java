package io.stockbridge.ingest;

import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.store.Storage;
import io.stockbridge.store.wiring.StorageFactory;
import io.stockbridge.testhelper.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;

/** The group commit on a real SQLite file; the test holds its write lock to slow a commit. */
class SqliteGroupCommitTest extends GroupCommitTest {
  private String url;

  @Override
  protected Storage openStorage(Path dir) {
    url = TestDatabases.sqliteUrl(dir);
    Storage storage =
        StorageFactory.open(new StockbridgeConfig.Database(url, 4), Clock.systemUTC());
    storage.migrate();
    return storage;
  }

  @Override
  protected AutoCloseable lockEvents() throws Exception {
    Connection connection = DriverManager.getConnection(url);
    try (Statement statement = connection.createStatement()) {
      statement.execute("BEGIN IMMEDIATE");
    }
    return () -> {
      try (Statement statement = connection.createStatement()) {
        statement.execute("ROLLBACK");
      }
      connection.close();
    };
  }
}
