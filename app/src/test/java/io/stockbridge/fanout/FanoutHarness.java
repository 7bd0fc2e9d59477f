package io.stockbridge.fanout;

import io.stockbridge.config.FanoutSettings;
import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.store.Storage;
import io.stockbridge.store.wiring.StorageFactory;
import io.stockbridge.sync.PushedLevel;
import io.stockbridge.sync.StoreProduct;
import io.stockbridge.testhelper.TestConfigs;
import io.stockbridge.testhelper.TestDatabases;
import io.stockbridge.time.Sleeper;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A storage (SQLite file or a PostgreSQL schema) with a fan-out service over the subscribers of a
 * YAML {@code fanout:} section, and changes made through the store layer as the flows make them.
 */
final class FanoutHarness implements AutoCloseable {
  final Storage storage;
  final FanoutSettings settings;
  final FanoutService service;
  private final String postgresUrl;

  FanoutHarness(Path dir, boolean postgres, String fanoutYaml, Clock clock) {
    postgresUrl = postgres ? TestDatabases.createPostgresSchema() : null;
    String url = postgres ? postgresUrl : TestDatabases.sqliteUrl(dir);
    StockbridgeConfig config = TestConfigs.config(url, fanoutYaml);
    settings = config.fanout();
    storage = StorageFactory.open(new StockbridgeConfig.Database(url, 8), clock);
    storage.migrate();
    service =
        new FanoutService(
            settings,
            storage.deliveries(),
            storage.leaderLeases(),
            "test-node",
            clock,
            Sleeper.SYSTEM,
            FanoutService.realSenders(settings, clock, Sleeper.SYSTEM),
            (subscriber, reason, now) -> {});
  }

  /** The id map line of {@code sku} on store {@code eu} (inventory item {@code gid://i/<sku>}). */
  void product(long productId, String sku, long now) {
    storage
        .syncState()
        .putStoreProducts(
            List.of(
                StoreProduct.adopted(
                    "eu",
                    productId,
                    sku,
                    "gid://p/" + productId,
                    "gid://v/" + productId,
                    "gid://i/" + sku)),
            now);
  }

  /** A level written for {@code sku} at location L1, as the stock flow records it. */
  void level(String sku, int quantity, long now) {
    storage
        .syncState()
        .putPushedLevels(List.of(new PushedLevel("eu", "gid://i/" + sku, "L1", quantity)), now);
  }

  /** {@code count} stock changes for each SKU, interleaved: level 1, 2, ... per SKU. */
  List<String> interleavedChanges(List<String> skus, int count, long now) {
    List<String> made = new ArrayList<>();
    for (int level = 1; level <= count; level++) {
      for (String sku : skus) {
        level(sku, level, now);
        made.add(sku + "=" + level);
      }
    }
    return made;
  }

  long deliveries(String subscriber, String state) {
    return storage.deliveries().deliveries(subscriber, state, null, 500).size();
  }

  @Override
  public void close() {
    service.close();
    storage.close();
    if (postgresUrl != null) {
      TestDatabases.dropPostgresSchema(postgresUrl);
    }
  }
}
