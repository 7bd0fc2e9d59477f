package io.stockbridge.metrics;

import io.stockbridge.testhelper.TestDatabases;
import java.nio.file.Path;

/** Prometheus scrapes a node on a SQLite file. */
class SqliteMetricsScrapeEndToEndTest extends MetricsScrapeEndToEndTest {
  @Override
  protected String databaseUrl(Path dir) {
    return TestDatabases.sqliteUrl(dir);
  }
}
