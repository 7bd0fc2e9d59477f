package io.stockbridge.cli;

import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.store.Storage;
import picocli.CommandLine.Command;

/** {@code migrate}: applies pending database migrations. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = "Applies pending database migrations (serve also does this at start).")
final class MigrateCommand extends StorageCommand {
  @Override
  boolean requiresMigratedStorage() {
    return false;
  }

  @Override
  int run(StockbridgeConfig config, Storage storage) {
    int applied = storage.migrate();
    System.out.println("applied " + applied + " migration(s) on " + storage.engine().id());
    return 0;
  }
}
