package io.stockbridge.connector.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.config.Secret;
import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.ratelimit.BudgetStateStore;
import io.stockbridge.simulator.shopify.CostSettings;
import io.stockbridge.simulator.shopify.ShopifySimulator;
import io.stockbridge.simulator.shopify.ShopifySimulatorOptions;
import io.stockbridge.store.Storage;
import io.stockbridge.store.wiring.StorageFactory;
import io.stockbridge.testhelper.MutableClock;
import io.stockbridge.testhelper.OnPostgres;
import io.stockbridge.testhelper.TestDatabases;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two connectors spend one store's budget kept in the database while Shopify charges more than
 * every estimate: each learns Shopify's figure from its answers, and together they are throttled at
 * most a few times. On PostgreSQL the two are separate nodes (own pools); on SQLite, which serves
 * one node, they share that node's store.
 */
class SharedBudgetAtRaisedCostsTest {
  @TempDir Path dir;

  @Test
  @OnPostgres
  void two_nodes_on_postgres_share_the_bucket_at_raised_costs_with_at_most_a_few_throttled()
      throws Exception {
    String url = TestDatabases.createPostgresSchema();
    try (Storage nodeA = open(url);
        Storage nodeB = open(url)) {
      nodeA.migrate();
      spendTogether(nodeA.budgets(), nodeB.budgets());
    } finally {
      TestDatabases.dropPostgresSchema(url);
    }
  }

  @Test
  void two_connectors_on_sqlite_share_the_bucket_at_raised_costs_with_at_most_a_few_throttled()
      throws Exception {
    try (Storage node = open(TestDatabases.sqliteUrl(dir))) {
      node.migrate();
      spendTogether(node.budgets(), node.budgets());
    }
  }

  private static Storage open(String url) {
    return StorageFactory.open(new StockbridgeConfig.Database(url, 4), Clock.systemUTC());
  }

  private static void spendTogether(BudgetStateStore onA, BudgetStateStore onB) throws Exception {
    MutableClock time = new MutableClock();
    try (ShopifySimulator simulator =
        ShopifySimulator.start(ShopifySimulatorOptions.defaults().withClock(time))) {
      String location = simulator.shop().addLocation("Main");
      simulator.shop().generate(2000, "SKU-", location, 1);
      simulator.faults().setCosts(CostSettings.raised());
      ShopifySettings settings =
          ShopifySettings.of(
                  ShopifySimulatorOptions.DEFAULT_SHOP,
                  Secret.of(ShopifySimulatorOptions.DEFAULT_ACCESS_TOKEN))
              .withBaseUrl(URI.create(simulator.baseUrl()))
              .withParallelism(1);
      ShopifyConnector a = new ShopifyConnector(settings, onA, time, time);
      ShopifyConnector b = new ShopifyConnector(settings, onB, time, time);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        // 10 lookups of 100 SKUs each, 458 points apiece at these costs: 9,160 points together.
        Future<Map<String, VariantRef>> first = pool.submit(() -> a.findVariantsBySku(skus(1)));
        Future<Map<String, VariantRef>> second = pool.submit(() -> b.findVariantsBySku(skus(1001)));
        assertThat(first.get()).hasSize(1000);
        assertThat(second.get()).hasSize(1000);
      } finally {
        pool.shutdownNow();
      }
      assertThat(simulator.counters().get("throttled")).isLessThanOrEqualTo(2);
      assertThat(simulator.counters().callsOf("productVariants"))
          .isLessThanOrEqualTo(20 + simulator.counters().get("throttled"));
    }
  }

  private static List<String> skus(int from) {
    return IntStream.range(from, from + 1000).mapToObj(i -> "SKU-" + i).toList();
  }
}
