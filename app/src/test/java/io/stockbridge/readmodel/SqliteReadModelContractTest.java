package io.stockbridge.readmodel;

import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.store.Storage;
import io.stockbridge.store.wiring.StorageFactory;
import io.stockbridge.testhelper.MutableClock;
import io.stockbridge.testhelper.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The read-model contract on a real SQLite file. */
class SqliteReadModelContractTest extends ReadModelContractTest {
  @TempDir Path dir;

  @Override
  protected Storage openStorage() {
    return StorageFactory.open(
        new StockbridgeConfig.Database(TestDatabases.sqliteUrl(dir), 4), new MutableClock(T0));
  }
}
