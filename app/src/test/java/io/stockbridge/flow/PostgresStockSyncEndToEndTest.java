package io.stockbridge.flow;

import io.stockbridge.testhelper.TestDatabases;
import java.nio.file.Path;

/** The stock flow end to end on the real PostgreSQL, in a schema of its own. */
class PostgresStockSyncEndToEndTest extends StockSyncEndToEndTest {
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
