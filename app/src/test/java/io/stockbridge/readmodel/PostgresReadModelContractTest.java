package io.stockbridge.readmodel;

import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.store.Storage;
import io.stockbridge.store.wiring.StorageFactory;
import io.stockbridge.testhelper.MutableClock;
import io.stockbridge.testhelper.OnPostgres;
import io.stockbridge.testhelper.TestDatabases;

/** The read-model contract on the real PostgreSQL, in a schema of its own. */
@OnPostgres
class PostgresReadModelContractTest extends ReadModelContractTest {
  private String url;

  @Override
  protected Storage openStorage() {
    url = TestDatabases.createPostgresSchema();
    return StorageFactory.open(new StockbridgeConfig.Database(url, 10), new MutableClock(T0));
  }

  @Override
  protected void cleanUp() {
    TestDatabases.dropPostgresSchema(url);
  }
}
