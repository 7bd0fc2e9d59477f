package io.stockbridge.connector.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.store.Storage;
import io.stockbridge.store.wiring.StorageFactory;
import io.stockbridge.testhelper.TestDatabases;
import io.stockbridge.time.Sleeper;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Two nodes (each its own connection pool to one PostgreSQL) push to one store: they share the
 * store's cost bucket through the database, so neither is ever throttled.
 */
@io.stockbridge.testhelper.OnPostgres
class SharedBudgetAcrossNodesTest {
  @Test
  void two_nodes_on_one_database_share_the_bucket_and_see_no_throttled() throws Exception {
    String url = TestDatabases.createPostgresSchema();
    try (ShopifyFixture fixture = new ShopifyFixture();
        Storage nodeA =
            StorageFactory.open(new StockbridgeConfig.Database(url, 4), Clock.systemUTC());
        Storage nodeB =
            StorageFactory.open(new StockbridgeConfig.Database(url, 4), Clock.systemUTC())) {
      nodeA.migrate();
      fixture.seed(300, 1);
      String item = fixture.shop.inventoryItemOfSku("SKU-9");
      ShopifyConnector onA =
          new ShopifyConnector(
              fixture.settings(), nodeA.budgets(), Clock.systemUTC(), Sleeper.SYSTEM);
      ShopifyConnector onB =
          new ShopifyConnector(
              fixture.settings(), nodeB.budgets(), Clock.systemUTC(), Sleeper.SYSTEM);
      onA.locations();
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        // Three 753-point pages from node A: more than the 2000-point bucket holds at once.
        Future<?> drain =
            pool.submit(
                () -> {
                  for (int i = 0; i < 3; i++) {
                    onA.inventoryLevels(fixture.location, null, 250);
                  }
                });
        Future<List<QuantityResult>> push =
            pool.submit(
                () -> {
                  List<QuantityResult> last = List.of();
                  for (int i = 0; i < 3; i++) {
                    last =
                        onB.setQuantities(
                            "available",
                            "correction",
                            null,
                            List.of(new QuantityChange(item, fixture.location, 20 + i, null)));
                    onB.inventoryLevels(fixture.location, null, 250);
                  }
                  return last;
                });
        drain.get();
        assertThat(push.get().get(0).outcome()).isEqualTo(QuantityResult.Outcome.APPLIED);
      } finally {
        pool.shutdownNow();
      }
      assertThat(fixture.simulator.counters().get("throttled")).isZero();
      assertThat(onA.client().stats().budgetWaitMillis() + onB.client().stats().budgetWaitMillis())
          .isPositive();
    } finally {
      TestDatabases.dropPostgresSchema(url);
    }
  }
}
