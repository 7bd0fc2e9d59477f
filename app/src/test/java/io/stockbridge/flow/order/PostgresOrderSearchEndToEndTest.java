package io.stockbridge.flow.order;

import io.stockbridge.testhelper.OnPostgres;
import io.stockbridge.testhelper.TestDatabases;
import java.nio.file.Path;

/** Orders as events (search, path, replay, catch-up on demand) on the real PostgreSQL. */
@OnPostgres
class PostgresOrderSearchEndToEndTest extends OrderSearchEndToEndTest {
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
