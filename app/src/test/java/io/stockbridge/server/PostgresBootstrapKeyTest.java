package io.stockbridge.server;

import io.stockbridge.testhelper.OnPostgres;
import io.stockbridge.testhelper.TestDatabases;

/** The bootstrap key on the real PostgreSQL, in a schema of its own. */
@OnPostgres
class PostgresBootstrapKeyTest extends BootstrapKeyTest {
  @Override
  protected String databaseUrl() {
    return TestDatabases.createPostgresSchema();
  }

  @Override
  protected void cleanUp() {
    TestDatabases.dropPostgresSchema(url);
  }
}
