package io.stockbridge.ingest;

import io.stockbridge.testhelper.OnPostgres;
import io.stockbridge.testhelper.Slow;
import io.stockbridge.testhelper.TestDatabases;
import java.nio.file.Path;

/** The fuzz run on the real PostgreSQL, in a schema of its own. */
@Slow
@OnPostgres
class PostgresIngestFuzzTest extends IngestFuzzTest {
  private String url;

  @Override
  protected String databaseUrl(Path dir) {
    url = TestDatabases.createPostgresSchema();
    return url;
  }

  @Override
  protected void cleanUp() {
    if (url != null) {
      TestDatabases.dropPostgresSchema(url);
    }
  }
}
