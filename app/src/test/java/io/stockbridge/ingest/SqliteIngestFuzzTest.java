package io.stockbridge.ingest;

import io.stockbridge.testhelper.Slow;
import io.stockbridge.testhelper.TestDatabases;
import java.nio.file.Path;

/** The fuzz run on a real SQLite file. */
@Slow
class SqliteIngestFuzzTest extends IngestFuzzTest {
  @Override
  protected String databaseUrl(Path dir) {
    return TestDatabases.sqliteUrl(dir);
  }
}
