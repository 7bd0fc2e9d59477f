package io.stockbridge.connector.shopify;

import io.stockbridge.config.BulkSettings;
import io.stockbridge.config.Secret;
import io.stockbridge.ratelimit.BudgetStateStore;
import io.stockbridge.ratelimit.InMemoryBudgetStateStore;
import io.stockbridge.simulator.shopify.ShopifySimulator;
import io.stockbridge.simulator.shopify.ShopifySimulatorOptions;
import io.stockbridge.simulator.shopify.SimulatedShop;
import io.stockbridge.time.Sleeper;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A started simulator with one location, and connectors pointed at it with short retry waits. */
final class ShopifyFixture implements AutoCloseable {
  final ShopifySimulator simulator = ShopifySimulator.start(ShopifySimulatorOptions.defaults());
  final SimulatedShop shop = simulator.shop();
  final String location = shop.addLocation("Main warehouse");
  final BudgetStateStore budgets = new InMemoryBudgetStateStore();

  ShopifySettings settings() {
    return ShopifySettings.of(
            ShopifySimulatorOptions.DEFAULT_SHOP,
            Secret.of(ShopifySimulatorOptions.DEFAULT_ACCESS_TOKEN))
        .withBaseUrl(URI.create(simulator.baseUrl()))
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))
        .withRetries(5, Duration.ofMillis(20), Duration.ofMillis(200));
  }

  ShopifyConnector connector() {
    return connector(settings());
  }

  ShopifyConnector connector(ShopifySettings settings) {
    return new ShopifyConnector(settings, budgets, Clock.systemUTC(), Sleeper.SYSTEM);
  }

  ShopifyConnector connector(BulkSettings bulk) {
    return new ShopifyConnector(settings(), bulk, budgets, Clock.systemUTC(), Sleeper.SYSTEM);
  }

  /** Seeds {@code count} single-variant products SKU-1..SKU-count with {@code available} each. */
  List<SimulatedShop.SeededVariant> seed(int count, int available) {
    return shop.generate(count, "SKU-", location, available);
  }

  SimulatedShop.SeededVariant seedOne(String sku, int available) {
    return shop.addProduct("Product " + sku, List.of(sku), Map.of(location, available)).get(0);
  }

  @Override
  public void close() {
    simulator.close();
  }
}
