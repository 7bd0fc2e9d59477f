package io.stockbridge.ingest;

import io.stockbridge.testhelper.OnPostgres;
import io.stockbridge.testhelper.TestDatabases;
import java.nio.file.Path;

/**
 * Long ID sets on the real PostgreSQL, whose b-tree index rows are limited to about 2,700 bytes.
 */
@OnPostgres
class PostgresLongIdSetIngestTest extends LongIdSetIngestTest {
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
