package io.stockbridge.cli;

import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.store.Storage;
import io.stockbridge.store.wiring.StorageFactory;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** Base of commands that work directly on the database (the same one the service uses). */
abstract class StorageCommand implements Callable<Integer> {
  @Mixin ConfigOptions configOptions;

  @Override
  public final Integer call() throws Exception {
    StockbridgeConfig config = configOptions.load();
    // Only migrate creates a database: any other command in an empty folder says so and leaves
    // no file behind (it used to create ./data/stockbridge.db, then fail on pending migrations).
    try (Storage storage =
        requiresMigratedStorage()
            ? StorageFactory.openExisting(config.database(), Clock.systemUTC())
            : StorageFactory.open(config.database(), Clock.systemUTC())) {
      String notReady = storage.notReadyReason();
      if (notReady != null && requiresMigratedStorage()) {
        throw new IllegalStateException(
            "the database is not ready for this command: "
                + notReady
                + " (or start `stockbridge serve`, which migrates at start)");
      }
      return run(config, storage);
    }
  }

  /** False only for {@code migrate}, which creates and upgrades the database. */
  boolean requiresMigratedStorage() {
    return true;
  }

  abstract int run(StockbridgeConfig config, Storage storage) throws Exception;
}
