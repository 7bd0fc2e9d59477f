package io.stockbridge.bench;

import io.stockbridge.config.Secret;
import io.stockbridge.connector.shopify.QuantityChange;
import io.stockbridge.connector.shopify.QuantityResult;
import io.stockbridge.connector.shopify.ShopifyConnector;
import io.stockbridge.connector.shopify.ShopifySettings;
import io.stockbridge.ratelimit.InMemoryBudgetStateStore;
import io.stockbridge.simulator.shopify.ShopifyPlan;
import io.stockbridge.simulator.shopify.ShopifySimulator;
import io.stockbridge.simulator.shopify.ShopifySimulatorOptions;
import io.stockbridge.simulator.shopify.SimulatedShop;
import io.stockbridge.time.Sleeper;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Shopify half of {@code bench connector}: pushes {@code updates} (default 10,000) inventory
 * quantities, one per distinct inventory item at one location, into an embedded simulator at
 * Standard plan limits (bucket 2000 points, restore 100/s) through {@link ShopifyConnector}.
 *
 * <p>Params: {@code updates} (default 10000); {@code resolve} (0 or 1, default 0): 1 first resolves
 * the SKUs to inventory item ids through the API (a cold start without a mapping cache), which
 * makes the bucket, not the network, the bottleneck; {@code warmup} (default 2000): updates pushed
 * first into a separate shop of the same simulator (own bucket), untimed, so the JIT has compiled
 * the embedded simulator (which stands in for Shopify's servers) before the clock starts.
 */
public final class ShopifyPushBench {
  private ShopifyPushBench() {}

  private static void push(
      ShopifySimulator simulator, SimulatedShop shop, int updates, boolean resolve) {
    String location = shop.addLocation("Warehouse");
    List<SimulatedShop.SeededVariant> seeded = shop.generate(updates, "WARM-", location, 0);
    ShopifySettings settings =
        ShopifySettings.of(shop.name(), Secret.of(ShopifySimulatorOptions.DEFAULT_ACCESS_TOKEN))
            .withBaseUrl(URI.create(simulator.shopBaseUrl(shop.name())));
    ShopifyConnector connector =
        new ShopifyConnector(
            settings, new InMemoryBudgetStateStore(), Clock.systemUTC(), Sleeper.SYSTEM);
    List<QuantityChange> changes = new ArrayList<>();
    if (resolve) {
      connector.findInventoryItemsBySku(
          seeded.stream().limit(500).map(SimulatedShop.SeededVariant::sku).toList());
    }
    seeded.forEach(v -> changes.add(new QuantityChange(v.inventoryItemId(), location, 1, 0)));
    connector.setQuantities(
        "available", "correction", "gid://stockbridge/SyncBatch/warmup", changes);
  }

  public static Map<String, Object> run(BenchOptions options) {
    int updates = options.intParam("updates", 10_000);
    boolean resolve = options.intParam("resolve", 0) == 1;
    int warmup = options.intParam("warmup", 2000);
    ShopifyPlan plan = ShopifyPlan.STANDARD;
    try (ShopifySimulator simulator =
        ShopifySimulator.start(ShopifySimulatorOptions.defaults().withPlan(plan))) {
      if (warmup > 0) {
        push(simulator, simulator.addShop("warmup"), warmup, resolve);
      }
      SimulatedShop shop = simulator.shop();
      String location = shop.addLocation("Warehouse");
      List<SimulatedShop.SeededVariant> seeded = shop.generate(updates, "BENCH-", location, 0);
      ShopifySettings settings =
          ShopifySettings.of(shop.name(), Secret.of(ShopifySimulatorOptions.DEFAULT_ACCESS_TOKEN))
              .withBaseUrl(URI.create(simulator.baseUrl()));
      ShopifyConnector connector =
          new ShopifyConnector(
              settings, new InMemoryBudgetStateStore(), Clock.systemUTC(), Sleeper.SYSTEM);
      simulator.counters().reset();
      System.err.printf("shopify push: %d updates, plan %s, resolve=%s%n", updates, plan, resolve);

      long started = System.nanoTime();
      Map<String, String> items = new LinkedHashMap<>();
      if (resolve) {
        items.putAll(
            connector.findInventoryItemsBySku(
                seeded.stream().map(SimulatedShop.SeededVariant::sku).toList()));
      } else {
        seeded.forEach(v -> items.put(v.sku(), v.inventoryItemId()));
      }
      List<QuantityChange> changes = new ArrayList<>(updates);
      int n = 0;
      for (String item : items.values()) {
        changes.add(new QuantityChange(item, location, 1 + (n++ % 500), 0));
      }
      List<QuantityResult> results =
          connector.setQuantities(
              "available", "correction", "gid://stockbridge/SyncBatch/bench", changes);
      double seconds = (System.nanoTime() - started) / 1e9;

      long applied =
          results.stream().filter(r -> r.outcome() == QuantityResult.Outcome.APPLIED).count();
      long spent = simulator.counters().get("cost_spent");
      // The bucket starts full (bucketSize points) and refills at restoreRate points per second; a
      // query runs only once its requested cost is in the bucket and the unused part comes back
      // right after. So spending `spent` points takes at least max(0, spent - bucketSize) /
      // restoreRate seconds: the first bucketSize points are there at once, the rest trickle in.
      double secondsLimit = Math.max(0, spent - plan.bucketSize()) / (double) plan.restoreRate();
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("updates", updates);
      figures.put("applied", applied);
      figures.put(
          "throttled",
          simulator.counters().get("throttled") + connector.client().stats().throttled());
      figures.put("seconds", Math.round(seconds * 1000) / 1000.0);
      figures.put("seconds_limit", Math.round(secondsLimit * 1000) / 1000.0);
      figures.put("shopify_calls", simulator.counters().get("calls"));
      figures.put("shopify_cost_points", spent);
      figures.put("shopify_plan", plan.name().toLowerCase(Locale.ROOT));
      figures.put("shopify_bucket_size", plan.bucketSize());
      figures.put("shopify_restore_rate", plan.restoreRate());
      figures.put("shopify_resolve_skus", resolve);
      figures.put("warmup_updates", warmup);
      return figures;
    }
  }
}
