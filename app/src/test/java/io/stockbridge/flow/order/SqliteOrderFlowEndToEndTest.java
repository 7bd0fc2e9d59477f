package io.stockbridge.flow.order;

import io.stockbridge.testhelper.TestDatabases;
import java.nio.file.Path;

/** The order flows end to end on a real SQLite file. */
class SqliteOrderFlowEndToEndTest extends OrderFlowEndToEndTest {
  @Override
  protected String databaseUrl(Path dir) {
    return TestDatabases.sqliteUrl(dir);
  }
}
