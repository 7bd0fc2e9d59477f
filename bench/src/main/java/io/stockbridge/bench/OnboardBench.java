package io.stockbridge.bench;

import io.stockbridge.demo.SyncLab;
import io.stockbridge.flow.reconcile.ReconcileScope;
import io.stockbridge.flow.reconcile.ReconcileService;
import io.stockbridge.flow.reconcile.Reconciliation;
import io.stockbridge.simulator.shopify.CostSettings;
import io.stockbridge.simulator.shopify.Counters;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench onboard}: a store onboarded with {@code sync full} (at Standard limits): every
 * warehouse product looked up by SKU and adopted (the share {@code existing_percent} the merchant's
 * storefront already sells, 100 by default) or created, then its stock reconciled. Prints the time
 * taken against the time the Shopify budget needs for the calls actually made, THROTTLED answers,
 * and variant lookups by SKU against the minimum. With {@code --param costs=raised} the simulator
 * charges more than Shopify's documented costs (more than any estimate of ours): the client must
 * learn the real costs from the answers.
 */
final class OnboardBench implements BenchScenario {
  static final String STORE = "shop-a";

  /** SKUs one {@code productVariants} lookup names: 2 + 100 x 3 = 302 documented points. */
  static final int LOOKUP_BATCH = 100;

  /** Standard plan: bucket size and restore rate per second. */
  static final double BUCKET = 2000;

  static final double RESTORE_RATE = 100;

  @Override
  public String name() {
    return "onboard";
  }

  @Override
  public String description() {
    return "sync full of N products into a store: seconds vs the Shopify budget, throttled,"
        + " lookups (--param products=, existing_percent=, costs=documented|raised,"
        + " cost_multiplier=, cost_surcharge=, latency_ms=)";
  }

  @Override
  public Map<String, Object> run(BenchOptions options) throws Exception {
    int products = options.intParam("products", 5_000);
    int latencyMs = options.intParam("latency_ms", 0);
    int existingPercent = options.intParam("existing_percent", 100);
    CostSettings costs = costs(options);
    if (products < 1 || latencyMs < 0 || existingPercent < 0 || existingPercent > 100) {
      throw new IllegalArgumentException("products >= 1, latency_ms >= 0, existing_percent 0..100");
    }
    try (BenchDatabase database = new BenchDatabase(options);
        SyncLab lab =
            SyncLab.start(
                new SyncLab.Spec(
                    products,
                    1,
                    List.of(SyncLab.StoreSpec.of(STORE, "Main", 1L)),
                    database.url(),
                    options.workDir(),
                    ""))) {
      // The merchant's storefront already sells (some of) the products: they are found by SKU.
      lab.seedStoresFromWarehouse(
          0, sku -> Math.floorMod(sku.hashCode() * 31, 100) < existingPercent);
      lab.setApiLatency(latencyMs);
      lab.shopify().faults().setCosts(costs);
      lab.brightpearl().resetRateLimit();
      lab.brightpearl().counters().reset();
      lab.shopify().counters().reset();
      ReconcileService reconcile = lab.node().reconcile().orElseThrow();
      System.err.printf(
          "onboard: sync full of %d products into %s (costs x%s + %d)...%n",
          products, STORE, costs.multiplier(), costs.surcharge());
      long start = System.nanoTime();
      Reconciliation run =
          await(lab, reconcile, reconcile.request(ReconcileScope.fullSyncOf(STORE), "bench"));
      System.err.printf("onboard: run %s; waiting for consistency...%n", run.status());
      lab.awaitConsistent(Duration.ofMinutes(30));
      double seconds = (System.nanoTime() - start) / 1e9;

      Counters counters = lab.shopify().counters();
      long spent = counters.get("cost_spent");
      double limit = Math.max(0, spent - BUCKET) / RESTORE_RATE;
      long lookups = counters.callsOf("productVariants");
      long lookupsMin = (long) Math.ceil(products / (double) lookupBatch(costs));
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("engine", options.engine());
      figures.put("products", products);
      figures.put("existing_percent", existingPercent);
      figures.put("cost_mode", costs.documented() ? "documented" : "raised");
      figures.put("cost_multiplier", costs.multiplier());
      figures.put("cost_surcharge", costs.surcharge());
      figures.put("run_status", run.status().name().toLowerCase(java.util.Locale.ROOT));
      figures.put("seconds", SpikeBench.round(seconds));
      figures.put("seconds_limit", SpikeBench.round(limit));
      figures.put("seconds_ratio", SpikeBench.round(seconds / Math.max(1, limit)));
      figures.put("throttled", counters.get("throttled"));
      figures.put("max_cost_exceeded", counters.get("max_cost_exceeded"));
      figures.put("lookups", lookups);
      figures.put("lookups_min", lookupsMin);
      figures.put("lookups_ratio", SpikeBench.round(lookups / (double) lookupsMin));
      figures.put("shopify_calls", counters.get("calls"));
      figures.put("cost_requested", counters.get("cost_requested"));
      figures.put("cost_spent", spent);
      figures.put("api_latency_ms", latencyMs);
      figures.put("dead", lab.node().storage().queue().stats().dead());
      return figures;
    }
  }

  /** {@code costs=documented} (default) or {@code raised}, or an explicit multiplier/surcharge. */
  static CostSettings costs(BenchOptions options) {
    String mode = options.params().getOrDefault("costs", "documented");
    CostSettings base =
        switch (mode) {
          case "documented" -> CostSettings.DOCUMENTED;
          case "raised" -> CostSettings.raised();
          default ->
              throw new IllegalArgumentException(
                  "--param costs must be documented or raised, got '" + mode + "'");
        };
    String multiplier = options.params().get("cost_multiplier");
    int surcharge = options.intParam("cost_surcharge", base.surcharge());
    try {
      return new CostSettings(
          multiplier == null ? base.multiplier() : Double.parseDouble(multiplier), surcharge);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--param cost_multiplier must be a number, got '" + multiplier + "'", e);
    }
  }

  /** The most SKUs one lookup can name within Shopify's 1000-point single-query limit. */
  static int lookupBatch(CostSettings costs) {
    int batch = LOOKUP_BATCH;
    while (batch > 1 && costs.apply(2 + 3 * batch) > 1000) {
      batch /= 2;
    }
    return batch;
  }

  private static Reconciliation await(
      SyncLab lab, ReconcileService reconcile, Reconciliation requested)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
    while (System.nanoTime() < deadline) {
      reconcile.kick();
      Reconciliation run =
          ReconcileService.current(
              reconcile.find(requested.id()).orElseThrow(), lab.node().storage().events());
      if (run.status().isFinal()) {
        return run;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("full sync " + requested.id() + " did not finish in 30 min");
  }
}
