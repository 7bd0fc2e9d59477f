package io.stockbridge.flow.product;

import io.stockbridge.testhelper.TestDatabases;
import java.nio.file.Path;

/** The product flow on a real SQLite file. */
class SqliteProductFlowTest extends ProductFlowContractTest {
  @Override
  protected String databaseUrl(Path dataDir) {
    return TestDatabases.sqliteUrl(dataDir);
  }
}
