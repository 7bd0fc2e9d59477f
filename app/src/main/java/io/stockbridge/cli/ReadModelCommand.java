package io.stockbridge.cli;

import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.http.Json;
import io.stockbridge.readmodel.ReadModelRequests;
import io.stockbridge.readmodel.ReadModelStore;
import io.stockbridge.store.Storage;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code read-models rebuild|show}: asks for a store's read model to be rebuilt (a queued request
 * that a running node takes, as {@code POST /api/stores/{store}/categories/rebuild} does) and shows
 * every store's live version.
 */
@Command(
    name = "read-models",
    mixinStandardHelpOptions = true,
    description = "Rebuilds and shows the per-store read models (flattened category trees).",
    subcommands = {ReadModelCommand.Rebuild.class, ReadModelCommand.Show.class})
final class ReadModelCommand {
  private ReadModelCommand() {}

  @Command(
      name = "rebuild",
      mixinStandardHelpOptions = true,
      description = "Queues a rebuild of STORE's read model; a running node builds and swaps it.")
  static final class Rebuild extends StorageCommand {
    @Parameters(index = "0", paramLabel = "STORE")
    String store;

    @Override
    int run(StockbridgeConfig config, Storage storage) {
      if (!config.sync().stores().containsKey(store)) {
        throw new IllegalArgumentException(
            "no configured store '" + store + "'; configured: " + config.sync().stores().keySet());
      }
      long eventId =
          new ReadModelRequests(storage.events())
              .rebuild(
                  store, "cli user " + System.getProperty("user.name"), System.currentTimeMillis());
      System.out.println("rebuild of " + store + "'s read model queued as event " + eventId);
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Shows each store's live version.")
  static final class Show extends StorageCommand {
    @Override
    int run(StockbridgeConfig config, Storage storage) {
      for (ReadModelStore.ModelInfo info : storage.readModels().infos()) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("store", info.store());
        view.put("version", info.liveVersion());
        view.put("building", info.buildingVersion() != null);
        view.put("builtAt", info.builtAt());
        view.put("categories", info.categories());
        view.put("productRows", info.products());
        view.put("buildMillis", info.buildMillis());
        System.out.println(Json.write(view));
      }
      return 0;
    }
  }
}
