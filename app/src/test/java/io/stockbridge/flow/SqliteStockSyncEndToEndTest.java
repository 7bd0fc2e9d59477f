package io.stockbridge.flow;

import io.stockbridge.testhelper.TestDatabases;
import java.nio.file.Path;

/** The stock flow end to end on a real SQLite file. */
class SqliteStockSyncEndToEndTest extends StockSyncEndToEndTest {
  @Override
  protected String databaseUrl(Path dir) {
    return TestDatabases.sqliteUrl(dir);
  }
}
