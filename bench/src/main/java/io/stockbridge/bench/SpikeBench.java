package io.stockbridge.bench;

import io.stockbridge.demo.SyncLab;
import io.stockbridge.simulator.brightpearl.SimCounters;
import io.stockbridge.simulator.brightpearl.SimData;
import io.stockbridge.simulator.shopify.CostSettings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code bench spike}: a CSV import in the warehouse. 30,000 on-hand webhooks over 10,000 SKUs (one
 * per SKU and warehouse, in file order) reach a node syncing 2 stores at Shopify Standard limits,
 * with realistic API latency in both simulators. Prints the calls made against the minimum, the
 * time from the last webhook to full consistency against the limit the APIs' latency and rate
 * limits allow, and what a per-event pipeline would have spent. With {@code --param costs=raised}
 * Shopify charges more than its documented costs (see {@link OnboardBench#costs}).
 */
final class SpikeBench implements BenchScenario {
  static final int STORES = 2;
  static final int WAREHOUSES = 3;
  static final String PATH =
      "/webhooks/brightpearl/" + SyncLab.ACCOUNT + "?secret=" + SyncLab.WEBHOOK_SECRET;

  @Override
  public String name() {
    return "spike";
  }

  @Override
  public String description() {
    return "30,000 on-hand webhooks over 10,000 SKUs into 2 stores: calls, throttles, time to"
        + " consistency (--param skus=, webhooks_per_sku=, latency_ms=, costs=documented|raised)";
  }

  @Override
  public Map<String, Object> run(BenchOptions options) throws Exception {
    int nodes = options.intParam("nodes", 1);
    if (nodes < 1 || nodes > 8) {
      throw new IllegalArgumentException("--nodes must be 1..8, got " + nodes);
    }
    if (nodes == 1) {
      return runOnce(options, 1);
    }
    if (!options.engine().equals("postgres")) {
      throw new IllegalArgumentException(
          "--nodes " + nodes + " needs --engine postgres: SQLite is one node's database");
    }
    // Side by side in one run: the same spike into one node, then into the nodes.
    System.err.printf("spike: first with one node, then with %d%n", nodes);
    Map<String, Object> single = runOnce(options, 1);
    Map<String, Object> figures = runOnce(options, nodes);
    figures.put("one_node", single);
    for (String key :
        List.of("seconds_to_consistency", "shopify_calls_per_store", "brightpearl_calls")) {
      double one = ((Number) single.get(key)).doubleValue();
      double many = ((Number) figures.get(key)).doubleValue();
      figures.put(key + "_vs_one_node", one == 0 ? 0 : round(many / one));
    }
    return figures;
  }

  private Map<String, Object> runOnce(BenchOptions options, int nodes) throws Exception {
    int skus = options.intParam("skus", 10_000);
    int perSku = options.intParam("webhooks_per_sku", WAREHOUSES);
    int latencyMs = options.intParam("latency_ms", 150);
    CostSettings costs = OnboardBench.costs(options);
    if (skus < 1 || perSku < 1 || perSku > WAREHOUSES || latencyMs < 0) {
      throw new IllegalArgumentException(
          "skus >= 1, webhooks_per_sku 1.." + WAREHOUSES + ", latency_ms >= 0");
    }
    try (BenchDatabase database = new BenchDatabase(options);
        SyncLab lab =
            SyncLab.start(
                new SyncLab.Spec(
                    skus,
                    WAREHOUSES,
                    stores(),
                    database.url(),
                    options.workDir(),
                    "queue:\n  claimBatch: 1000\n"))) {
      System.err.printf(
          "spike: seeding %d products on %d stores, warming caches...%n", skus, STORES);
      lab.seedStoresFromWarehouse(0);
      lab.warmCaches();
      lab.setApiLatency(latencyMs);
      lab.shopify().faults().setCosts(costs);
      lab.brightpearl().resetRateLimit();
      lab.brightpearl().counters().reset();
      lab.shopify().counters().reset();

      List<Integer> ports = new ArrayList<>(List.of(lab.node().port()));
      for (int n = 2; n <= nodes; n++) {
        System.err.printf("spike: starting node %d of %d...%n", n, nodes);
        ports.add(lab.startNode("lab-node-" + n).port());
      }
      SyncLab.LevelWrites writesBefore = lab.levelWrites();
      List<long[]> changes = importFile(lab, perSku);
      int webhooks = changes.size();
      for (long[] change : changes) {
        lab.brightpearl().catalog().setOnHand(change[0], change[1], change[2]);
      }
      System.err.printf("spike: sending %d on-hand webhooks to %d node(s)...%n", webhooks, nodes);
      long start = System.nanoTime();
      sendSpreadOver(ports, changes);
      Instant lastWebhook = Instant.now();
      double ingestSeconds = (System.nanoTime() - start) / 1e9;
      System.err.printf(
          "spike: %d webhooks acknowledged in %.1f s; waiting for consistency...%n",
          webhooks, ingestSeconds);
      Instant consistent = lab.awaitConsistent(java.time.Duration.ofMinutes(10));
      double seconds = Math.max(0, (consistent.toEpochMilli() - lastWebhook.toEpochMilli()) / 1e3);

      Map<String, Long> callsPerStore = new LinkedHashMap<>();
      for (SyncLab.StoreSpec store : lab.spec().stores()) {
        callsPerStore.put(store.name(), lab.shopify().counters().get("calls@" + store.name()));
      }
      long shopifyCallsPerStore =
          callsPerStore.values().stream().mapToLong(Long::longValue).max().orElse(0);
      long brightpearlCalls = lab.brightpearl().counters().get(SimCounters.REQUESTS);
      long throttled =
          lab.shopify().counters().get("throttled")
              + lab.brightpearl().counters().get(SimCounters.THROTTLED);
      int shopifyMin = (int) Math.ceil(skus / 250.0);
      int brightpearlMin = (int) Math.ceil(skus / 200.0);
      SyncBenchSupport.Limit limit =
          SyncBenchSupport.limit(
              lab,
              brightpearlMin,
              shopifyMin,
              latencyMs,
              costs.apply(SyncBenchSupport.WRITE_POINTS));
      long perEventCalls = (long) webhooks * (1 + 2L * STORES);
      long ourCalls =
          brightpearlCalls + callsPerStore.values().stream().mapToLong(Long::longValue).sum();

      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("engine", options.engine());
      figures.put("nodes", nodes);
      figures.put("webhooks", webhooks);
      figures.put("skus", skus);
      figures.put("stores", STORES);
      figures.put("webhooks_per_second", Math.round(webhooks / ingestSeconds));
      figures.put("shopify_calls_per_store", shopifyCallsPerStore);
      figures.put("shopify_calls_by_store", callsPerStore);
      figures.put("shopify_calls_min", shopifyMin);
      figures.put("shopify_calls_ratio", round(shopifyCallsPerStore / (double) shopifyMin));
      figures.put("brightpearl_calls", brightpearlCalls);
      figures.put("brightpearl_calls_min", brightpearlMin);
      figures.put("brightpearl_calls_ratio", round(brightpearlCalls / (double) brightpearlMin));
      figures.put("throttled", throttled);
      figures.put("shopify_throttled", lab.shopify().counters().get("throttled"));
      figures.put("max_cost_exceeded", lab.shopify().counters().get("max_cost_exceeded"));
      figures.put("cost_mode", costs.documented() ? "documented" : "raised");
      figures.put("cost_multiplier", costs.multiplier());
      figures.put("cost_surcharge", costs.surcharge());
      figures.put("seconds_to_consistency", round(seconds));
      figures.put("seconds_to_consistency_limit", round(limit.seconds()));
      figures.put("consistency_ratio", round(seconds / limit.seconds()));
      figures.put("limit_parts", limit.parts());
      figures.put("api_latency_ms", latencyMs);
      figures.put("per_event_pipeline_calls", perEventCalls);
      figures.put("calls_saved_ratio", round(perEventCalls / (double) Math.max(1, ourCalls)));
      SyncLab.LevelWrites writes = lab.levelWrites().since(writesBefore);
      figures.put("shopify_level_writes", writes.writes());
      figures.put("shopify_repeated_level_writes", writes.repeated());
      figures.put("dead", lab.node().storage().queue().stats().dead());
      return figures;
    }
  }

  /**
   * Sends the import's webhooks spread over the nodes (change {@code i} to node {@code i mod n}, as
   * a round-robin load balancer would), each node's share in file order, all at once.
   */
  private static void sendSpreadOver(List<Integer> ports, List<long[]> changes) throws Exception {
    int nodes = ports.size();
    int connections = Math.max(8, 64 / nodes);
    java.util.concurrent.ExecutorService senders =
        java.util.concurrent.Executors.newFixedThreadPool(nodes);
    try {
      List<java.util.concurrent.Future<Integer>> failures = new ArrayList<>();
      for (int node = 0; node < nodes; node++) {
        int share = node;
        int port = ports.get(node);
        int count = (changes.size() - share + nodes - 1) / nodes;
        failures.add(
            senders.submit(
                () -> {
                  try (NioLoadGenerator load =
                      new NioLoadGenerator("127.0.0.1", port, PATH, connections)) {
                    load.runClosedLoop(
                        count,
                        n -> {
                          int index = (int) (share + n * nodes);
                          return body(changes.get(index)[0], index);
                        });
                    return load.failures();
                  }
                }));
      }
      int failed = 0;
      for (java.util.concurrent.Future<Integer> f : failures) {
        failed += f.get();
      }
      if (failed > 0) {
        throw new IllegalStateException(failed + " webhooks were not acknowledged");
      }
    } finally {
      senders.shutdownNow();
    }
  }

  static List<SyncLab.StoreSpec> stores() {
    return List.of(
        new SyncLab.StoreSpec("shop-a", Map.of("Main", List.of(1L, 2L)), ""),
        SyncLab.StoreSpec.of("shop-b", "Main", 3L));
  }

  /** The import file: per SKU (in SKU order), a new on-hand figure in each warehouse. */
  private static List<long[]> importFile(SyncLab lab, int perSku) {
    Random random = new Random(7);
    List<long[]> changes = new ArrayList<>();
    for (SimData.Product product : lab.brightpearl().catalog().allProducts()) {
      for (long warehouse = 1; warehouse <= perSku; warehouse++) {
        changes.add(new long[] {product.id(), warehouse, 1 + random.nextInt(500)});
      }
    }
    return changes;
  }

  private static byte[] body(long productId, long n) {
    return ("{\"accountCode\":\""
            + SyncLab.ACCOUNT
            + "\",\"resourceType\":\"product\",\"id\":\""
            + productId
            + "\",\"lifecycleEvent\":\"modified\",\"resourceSpecifier\":\"on-hand-modified\","
            + "\"raisedOn\":\"import-"
            + n
            + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
