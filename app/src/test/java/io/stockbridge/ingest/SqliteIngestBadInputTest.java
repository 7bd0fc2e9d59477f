package io.stockbridge.ingest;

import io.stockbridge.testhelper.TestDatabases;
import java.nio.file.Path;

/** The bad-input table on a real SQLite file. */
class SqliteIngestBadInputTest extends IngestBadInputTest {
  @Override
  protected String databaseUrl(Path dir) {
    return TestDatabases.sqliteUrl(dir);
  }
}
