package io.stockbridge.flow.order;

import io.stockbridge.testhelper.TestDatabases;
import java.nio.file.Path;

/** Orders as events (search, path, replay, catch-up on demand) on a SQLite file. */
class SqliteOrderSearchEndToEndTest extends OrderSearchEndToEndTest {
  @Override
  protected String databaseUrl(Path dir) {
    return TestDatabases.sqliteUrl(dir);
  }
}
