package io.stockbridge.metrics;

import io.stockbridge.testhelper.TestDatabases;
import java.nio.file.Path;

/** Prometheus scrapes a node on the real PostgreSQL, in a schema of its own. */
class PostgresMetricsScrapeEndToEndTest extends MetricsScrapeEndToEndTest {
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
