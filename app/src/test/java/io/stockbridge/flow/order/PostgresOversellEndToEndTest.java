package io.stockbridge.flow.order;

import io.stockbridge.testhelper.OnPostgres;
import io.stockbridge.testhelper.TestDatabases;
import java.nio.file.Path;

/** {@link OversellEndToEndTest} on the real PostgreSQL, in a schema of its own. */
@OnPostgres
class PostgresOversellEndToEndTest extends OversellEndToEndTest {
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
