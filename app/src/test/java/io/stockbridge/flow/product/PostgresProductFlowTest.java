package io.stockbridge.flow.product;

import io.stockbridge.testhelper.TestDatabases;
import java.nio.file.Path;

/** The product flow on the real PostgreSQL, in a schema of its own per test. */
class PostgresProductFlowTest extends ProductFlowContractTest {
  private String url;

  @Override
  protected String databaseUrl(Path dataDir) {
    if (url == null) {
      url = TestDatabases.createPostgresSchema();
    }
    return url;
  }

  @Override
  protected void dropDatabase() {
    if (url != null) {
      TestDatabases.dropPostgresSchema(url);
    }
  }
}
