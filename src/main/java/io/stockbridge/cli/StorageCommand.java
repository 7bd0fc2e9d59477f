package io.stockbridge.cli;

import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.store.Storage;
import io.stockbridge.store.StorageFactory;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** Base of commands that work directly on the database (the same one the service uses). */
abstract class StorageCommand implements Callable<Integer> {
  @Mixin ConfigOptions configOptions;

  @Override
  public final Integer call() throws Exception {
    StockbridgeConfig config = configOptions.load();
    try (Storage storage = StorageFactory.open(config.database(), Clock.systemUTC())) {
      String notReady = storage.notReadyReason();
      if (notReady != null && requiresMigratedStorage()) {
        throw new IllegalStateException(notReady);
      }
      return run(config, storage);
    }
  }

  boolean requiresMigratedStorage() {
    return true;
  }

  abstract int run(StockbridgeConfig config, Storage storage) throws Exception;
}
