package io.stockbridge.cli;

import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.flow.reconcile.ReconcileScope;
import io.stockbridge.store.Storage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sync full --store S}: onboarding, a full initial sync of a store (products, then stock).
 */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = "Starts syncs by hand.",
    subcommands = {SyncCommand.Full.class})
final class SyncCommand {
  private SyncCommand() {}

  @Command(
      name = "full",
      mixinStandardHelpOptions = true,
      description =
          "Full initial sync of a store: every warehouse product to the product flow (one batch),"
              + " then a reconciliation of its stock.")
  static final class Full extends StorageCommand {
    @Option(names = "--store", required = true, paramLabel = "STORE", description = "the store")
    String store;

    @picocli.CommandLine.Mixin
    ReconcileCommand.FollowOptions follow = new ReconcileCommand.FollowOptions();

    @Override
    int run(StockbridgeConfig config, Storage storage) {
      long id = ReconcileCommand.submit(config, storage, ReconcileScope.fullSyncOf(store));
      return follow.after(storage, id, "full sync of " + store);
    }
  }
}
