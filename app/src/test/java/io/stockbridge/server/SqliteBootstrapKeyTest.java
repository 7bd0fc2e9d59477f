package io.stockbridge.server;

import io.stockbridge.testhelper.TestDatabases;

/** The bootstrap key on a real SQLite file. */
class SqliteBootstrapKeyTest extends BootstrapKeyTest {
  @Override
  protected String databaseUrl() {
    return TestDatabases.sqliteUrl(dir);
  }
}
