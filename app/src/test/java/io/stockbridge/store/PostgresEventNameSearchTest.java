package io.stockbridge.store;

import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.store.wiring.StorageFactory;
import io.stockbridge.testhelper.MutableClock;
import io.stockbridge.testhelper.OnPostgres;
import io.stockbridge.testhelper.TestDatabases;

/** Search by what events name, on the real PostgreSQL, in a schema of its own. */
@OnPostgres
class PostgresEventNameSearchTest extends EventNameSearchContractTest {
  private String url;

  @Override
  Storage openStorage() {
    url = TestDatabases.createPostgresSchema();
    return StorageFactory.open(new StockbridgeConfig.Database(url, 4), new MutableClock(T0));
  }

  @Override
  void cleanUp() {
    TestDatabases.dropPostgresSchema(url);
  }
}
