package io.stockbridge.ingest;

import io.stockbridge.testhelper.TestDatabases;
import java.nio.file.Path;

/** Long ID sets on a real SQLite file. */
class SqliteLongIdSetIngestTest extends LongIdSetIngestTest {
  @Override
  protected String databaseUrl(Path dir) {
    return TestDatabases.sqliteUrl(dir);
  }
}
