package io.stockbridge.bench;

import io.stockbridge.demo.SyncLab;
import io.stockbridge.simulator.brightpearl.SimControl;
import io.stockbridge.simulator.brightpearl.SimData;
import io.stockbridge.simulator.shopify.SimulatedShop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code bench latency}: warehouse changes at a steady rate (20 a second by default), each raising
 * its on-hand webhook from the Brightpearl simulator; measures, per change, the time until every
 * store shows the new level (read from the Shopify simulator's own timestamps), debounce included.
 */
final class LatencyBench implements BenchScenario {
  @Override
  public String name() {
    return "latency";
  }

  @Override
  public String description() {
    return "steady warehouse changes (20/s) to 2 stores: time from change to storefront write"
        + " (--param rate=, seconds=, latency_ms=)";
  }

  @Override
  public Map<String, Object> run(BenchOptions options) throws Exception {
    int rate = options.intParam("rate", 20);
    int seconds = options.intParam("seconds", 30);
    int latencyMs = options.intParam("latency_ms", 100);
    int changes = rate * seconds;
    int products = Math.max(2000, changes * 2);
    if (rate < 1 || rate > 1000 || seconds < 1 || latencyMs < 0) {
      throw new IllegalArgumentException("rate 1..1000, seconds >= 1, latency_ms >= 0");
    }
    try (BenchDatabase database = new BenchDatabase(options);
        SyncLab lab =
            SyncLab.start(
                new SyncLab.Spec(
                    products,
                    1,
                    List.of(
                        SyncLab.StoreSpec.of("shop-a", "Main", 1L),
                        SyncLab.StoreSpec.of("shop-b", "Main", 1L)),
                    database.url(),
                    options.workDir(),
                    ""))) {
      lab.seedStoresInSync();
      lab.warmCaches();
      lab.setApiLatency(latencyMs);
      List<SimData.Product> catalog = new ArrayList<>(lab.brightpearl().catalog().allProducts());
      Collections.shuffle(catalog, new Random(11));
      List<SimData.Product> changed = catalog.subList(0, changes);
      long[] changedAt = new long[changes];
      System.err.printf(
          "latency: %d changes at %d/s over %d s, API latency %d ms...%n",
          changes, rate, seconds, latencyMs);
      long start = System.nanoTime();
      long interval = 1_000_000_000L / rate;
      for (int i = 0; i < changes; i++) {
        long due = start + i * interval;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        SimData.Product product = changed.get(i);
        changedAt[i] = System.currentTimeMillis();
        lab.brightpearl()
            .control()
            .stockBurst(List.of(new SimControl.StockUpdate(product.sku(), 1, 500 + i)));
      }
      lab.awaitConsistent(Duration.ofMinutes(5));

      double[] latencies = new double[changes];
      for (SyncLab.StoreSpec store : lab.spec().stores()) {
        SimulatedShop shop = lab.shopify().shop(store.name());
        Map<String, SimulatedShop.LevelSnapshot> levels =
            shop.levelsBySku(lab.locationId(store.name(), "Main"));
        for (int i = 0; i < changes; i++) {
          SimulatedShop.LevelSnapshot level = levels.get(changed.get(i).sku());
          double seen = (level.updatedAt().toEpochMilli() - changedAt[i]) / 1e3;
          latencies[i] = Math.max(latencies[i], seen);
        }
      }
      Arrays.sort(latencies);
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("engine", options.engine());
      figures.put("changes", changes);
      figures.put("rate_per_second", rate);
      figures.put("stores", lab.spec().stores().size());
      figures.put("api_latency_ms", latencyMs);
      figures.put("p50_seconds", quantile(latencies, 0.50));
      figures.put("p95_seconds", quantile(latencies, 0.95));
      figures.put("p99_seconds", quantile(latencies, 0.99));
      figures.put("max_seconds", quantile(latencies, 1.0));
      figures.put("p95_target_seconds", 2.0);
      figures.put("debounce_ms", lab.node().config().sync().timing().debounce().toMillis());
      figures.put(
          "brightpearl_calls",
          lab.brightpearl()
              .counters()
              .get(io.stockbridge.simulator.brightpearl.SimCounters.REQUESTS));
      return figures;
    }
  }

  private static double quantile(double[] sorted, double q) {
    int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
    return SpikeBench.round(sorted[Math.max(0, index)]);
  }
}
