package io.stockbridge.demo;

import io.stockbridge.flow.reconcile.ReconcileScope;
import io.stockbridge.flow.reconcile.ReconcileService;
import io.stockbridge.flow.reconcile.Reconciliation;
import io.stockbridge.flow.reconcile.RunStage;
import io.stockbridge.simulator.brightpearl.SimControl;
import io.stockbridge.simulator.brightpearl.SimCounters;
import io.stockbridge.simulator.brightpearl.SimData;
import io.stockbridge.simulator.brightpearl.SimFaults;
import io.stockbridge.simulator.shopify.FaultSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The demo: a merchant's day on one machine. Both simulators run as real HTTP servers wired to a
 * node by webhooks; the catalog is onboarded to two stores, then the day plays: a CSV import burst
 * with lost, duplicated and late webhooks and a short storefront outage in the middle, new
 * products, a category rename, a trickle of sales; then the nightly reconciliation (brought
 * forward) repairs what the webhooks missed; then orders on both stores ({@link DemoOrders}: a
 * flash sale, a cancellation, a refund with restock, shipments back as fulfilments, oversell
 * sampled throughout). Returns the day's figures.
 */
public final class DemoDay {
  /** What to run: catalog size, API latency, where the node listens and stores its data. */
  public record Options(
      int products, int latencyMs, int port, String databaseUrl, Path dataDir, long seed) {}

  private final Options options;
  private final PrintStream log;
  private final Random random;
  private SyncLab lab;
  private DemoSubscribers subscribers;

  /**
   * Sees the progress of the demo's long stages (onboarding each store, the CSV import, the
   * reconciliation): {@code task} names the stage.
   */
  public interface Stages {
    Stages NONE =
        new Stages() {
          @Override
          public void update(String task, RunStage stage) {}

          @Override
          public void done(String task, String summary) {}
        };

    void update(String task, RunStage stage);

    void done(String task, String summary);
  }

  private final Stages stages;

  public DemoDay(Options options, PrintStream log) {
    this(options, log, Stages.NONE);
  }

  /** With {@code stages} told the progress of each long stage. */
  public DemoDay(Options options, PrintStream log, Stages stages) {
    this.options = options;
    this.log = log;
    this.stages = stages;
    this.random = new Random(options.seed());
  }

  /** The demo's subscribers and their receivers (null before the day starts). */
  public DemoSubscribers subscribers() {
    return subscribers;
  }

  public SyncLab lab() {
    return lab;
  }

  static List<SyncLab.StoreSpec> stores() {
    return List.of(
        new SyncLab.StoreSpec(
                "uk-store",
                Map.of("London", List.of(1L, 2L)),
                "safetyStock:\n  default: 1\n  tags:\n    'Category 1': 3\n")
            .with(DemoOrders.yaml(1)),
        SyncLab.StoreSpec.of("eu-store", "Berlin", 3L).with(DemoOrders.yaml(3)));
  }

  /** Starts the world and onboards both stores. */
  public void start() throws InterruptedException {
    Instant begin = Instant.now();
    if (options.port() != 0) {
      printDashboard(options.port());
    }
    log.printf(
        "Starting Brightpearl and Shopify simulators and a node (%d products, 3 warehouses,"
            + " 2 stores)...%n",
        options.products());
    subscribers = new DemoSubscribers();
    lab =
        SyncLab.start(
            new SyncLab.Spec(
                options.products(),
                3,
                stores(),
                options.databaseUrl(),
                options.dataDir(),
                subscribers.yaml(),
                options.port()));
    lab.setApiLatency(options.latencyMs());
    OrderLab.connect(lab, lab.node().port());
    if (options.port() == 0) {
      printDashboard(lab.node().port());
    }
    ReconcileService reconcile = lab.node().reconcile().orElseThrow();
    for (SyncLab.StoreSpec store : stores()) {
      log.printf("Onboarding %s: every product, then its stock...%n", store.name());
      Reconciliation run =
          await(
              reconcile,
              reconcile.request(ReconcileScope.fullSyncOf(store.name()), "demo"),
              "onboarding " + store.name());
      log.printf(
          "  %s onboarded: %d levels checked, %d set, %d failed%n",
          store.name(), run.checked(), run.fixed(), run.failed());
    }
    awaitQuiet(Duration.ofMinutes(5));
    log.printf(
        "Onboarded in %.1f s; drift left: %d%n",
        Duration.between(begin, Instant.now()).toMillis() / 1e3, totalDrift());
  }

  /** The dashboard's address and the key to sign in with: the first thing the demo says. */
  private void printDashboard(int port) {
    log.printf(
        "Dashboard: http://127.0.0.1:%d/  (sign in with the operator key %s)%n",
        port, SyncLab.API_KEY);
  }

  /** Plays the day and returns its figures. */
  public Map<String, Object> playDay() throws InterruptedException {
    Map<String, Integer> expectedBefore = expectedAll();
    lab.brightpearl().counters().reset();
    lab.shopify().counters().reset();
    long eventsBefore = eventCount();

    // 1. A category renamed in the morning: its products' tags change on both stores.
    log.println("The day: a category renamed...");
    lab.brightpearl().control().renameCategory(1, "Outerwear");

    // 2. A CSV import: 3,000 stock rows in chunks, webhooks lost (5%), doubled (10%), late.
    long lateMs = 1500;
    lab.brightpearl()
        .faults()
        .set(
            new SimFaults.Settings(
                0,
                500,
                options.latencyMs(),
                options.latencyMs(),
                0,
                0,
                0,
                false,
                0.05,
                0.10,
                lateMs,
                options.seed()));
    List<SimData.Product> tracked =
        lab.brightpearl().catalog().allProducts().stream()
            .filter(SimData.Product::stockTracked)
            .toList();
    int rows = Math.min(3000, tracked.size() * 3);
    log.printf("  a CSV import of %d stock rows...%n", rows);
    Set<Long> touched = new HashSet<>();
    List<SimControl.StockUpdate> chunk = new ArrayList<>();
    for (int row = 0; row < rows; row++) {
      SimData.Product product = tracked.get(random.nextInt(tracked.size()));
      touched.add(product.id());
      chunk.add(
          new SimControl.StockUpdate(product.sku(), 1 + random.nextInt(3), random.nextInt(120)));
      if (chunk.size() == 50) {
        lab.brightpearl().control().stockBurst(chunk);
        chunk = new ArrayList<>();
        stages.update("CSV import", new RunStage("stock rows sent", row + 1, rows, false));
        if (row == rows / 2) {
          outage();
        }
      }
    }
    if (!chunk.isEmpty()) {
      lab.brightpearl().control().stockBurst(chunk);
    }
    stages.done("CSV import", rows + " stock rows sent");
    if (isOutage()) {
      endOutage();
    }

    // 3. New products, stocked in the warehouse.
    int created = 25;
    log.printf("  %d new products...%n", created);
    SimControl.Outcome newProducts = lab.brightpearl().control().createProducts(created, true);

    // 4. Sales through the day: single changes trickling in.
    log.println("  a trickle of sales...");
    for (int sale = 0; sale < 40; sale++) {
      SimData.Product product = tracked.get(random.nextInt(tracked.size()));
      touched.add(product.id());
      Map<Long, SimData.Stock> stock = lab.brightpearl().catalog().stock(product.id());
      long onHand = stock.getOrDefault(1L, new SimData.Stock(0, 0, 0)).onHand();
      lab.brightpearl()
          .control()
          .stockBurst(
              List.of(new SimControl.StockUpdate(product.sku(), 1, Math.max(0, onHand - 1))));
      Thread.sleep(50);
    }
    Instant lastChange = Instant.now().plusMillis(lateMs);
    Thread.sleep(lateMs);
    Map<String, Double> bucketAtLastChange = new LinkedHashMap<>();
    for (SyncLab.StoreSpec store : stores()) {
      bucketAtLastChange.put(store.name(), lab.shopify().shop(store.name()).bucketAvailable());
    }
    lab.setApiLatency(options.latencyMs());

    // 5. The nightly reconciliation, brought forward: it repairs what the lost webhooks missed.
    log.println("Reconciliation (the nightly run, brought forward)...");
    ReconcileService reconcile = lab.node().reconcile().orElseThrow();
    Reconciliation night =
        await(reconcile, reconcile.request(ReconcileScope.everything(), "demo"), "reconciliation");
    log.printf(
        "  checked %d, drifted %d, fixed %d, failed %d (%.1f s after the last change)%n",
        night.checked(),
        night.drifted(),
        night.fixed(),
        night.failed(),
        Duration.between(lastChange, Instant.now()).toMillis() / 1e3);
    Instant consistent = lab.awaitConsistent(Duration.ofMinutes(5));
    double seconds = Math.max(0, Duration.between(lastChange, consistent).toMillis() / 1e3);

    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("events", eventCount() - eventsBefore);
    long shopifyCalls = lab.shopify().counters().get("http_requests");
    long brightpearlCalls = lab.brightpearl().counters().get(SimCounters.REQUESTS);
    Minimum minimum = minimum(expectedBefore, touched, created, night);
    figures.put("shopify_calls", shopifyCalls);
    figures.put("shopify_calls_min", minimum.shopify());
    figures.put("brightpearl_calls", brightpearlCalls);
    figures.put("brightpearl_calls_min", minimum.brightpearl());
    figures.put(
        "throttled",
        lab.shopify().counters().get("throttled")
            + lab.brightpearl().counters().get(SimCounters.THROTTLED));
    // The reconciliation's reads cost Shopify points (pages of 250 levels: 753 each) unless it
    // reads in bulk; whatever the day left in each store's bucket is what it may spend at once.
    double bucketWait = 0;
    boolean bulk = lab.brightpearl().catalog().productCount() > 2000;
    for (SyncLab.StoreSpec store : stores()) {
      long pages = store.locations().size() * ceil(lab.brightpearl().catalog().productCount(), 250);
      double cost = (bulk ? 0 : pages * 753.0) + ceil(night.drifted(), 250) * 10.0;
      bucketWait =
          Math.max(bucketWait, Math.max(0, cost - bucketAtLastChange.get(store.name())) / 100);
    }
    double limit =
        lateMs / 1e3
            + (lab.node().config().sync().timing().debounce().toMillis()
                    + lab.node().config().sync().timing().batchFill().toMillis())
                / 1e3
            + (minimum.reconcileBrightpearl() + minimum.reconcileShopifyPerStore())
                * options.latencyMs()
                / 1e3
            + bucketWait
            // A bulk read is polled 250 ms after it starts, then at doubling intervals: a query
            // the store finishes within a second is seen 1.75 s after it started; stores are read
            // one after the other.
            + (bulk ? 1.75 * stores().size() : 0);
    figures.put("seconds_to_consistency", round(seconds));
    figures.put("seconds_to_consistency_limit", round(limit));
    figures.put("drift_left", totalDrift());
    figures.put("dead", lab.node().storage().queue().stats().dead());
    figures.put("webhooks_lost", lab.brightpearl().counters().get(SimCounters.WEBHOOKS_DROPPED));
    figures.put("reconciliation_drifted", night.drifted());
    figures.put("reconciliation_fixed", night.fixed());
    figures.put("new_products", newProducts.changed().size());
    figures.put("api_latency_ms", options.latencyMs());

    // 6. Orders: a trickle on one store, a flash sale on the other, a cancellation, a refund with
    // restock, shipments back as fulfilments; sampled throughout for oversell.
    log.println("Orders on both stores...");
    figures.put(
        "orders", new DemoOrders(lab, log, options.seed(), options.products()).play(stores()));
    figures.put("drift_left", totalDrift());
    figures.put("dead", lab.node().storage().queue().stats().dead());
    awaitFanout(Duration.ofSeconds(30));
    figures.put("subscribers", subscribers.figures());
    return figures;
  }

  /** Waits (at most {@code limit}) until every subscriber has no pending delivery. */
  private void awaitFanout(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    var deliveries = lab.node().storage().deliveries();
    for (String name : lab.node().config().fanout().subscribers().keySet()) {
      while (System.nanoTime() < deadline
          && deliveries.state(name).map(s -> s.pending() > 0).orElse(false)) {
        Thread.sleep(100);
      }
    }
  }

  private boolean outage;

  private void outage() {
    log.println("  storefront outage: Shopify answers 503 for 3 s...");
    lab.shopify()
        .faults()
        .set(
            new FaultSettings(
                1.0, options.latencyMs(), options.latencyMs(), 0, 30_000, 0, 0, 0, 0, 0));
    outage = true;
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                Thread.sleep(3000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              endOutage();
            });
  }

  private synchronized boolean isOutage() {
    return outage;
  }

  private synchronized void endOutage() {
    if (outage) {
      outage = false;
      lab.setShopifyLatency(options.latencyMs());
      log.println("  storefront back");
    }
  }

  /** The least calls the day's work needs at full batches, and the reconciliation's share. */
  record Minimum(
      long shopify, long brightpearl, long reconcileBrightpearl, long reconcileShopifyPerStore) {}

  private Minimum minimum(
      Map<String, Integer> expectedBefore, Set<Long> touched, int created, Reconciliation night) {
    Map<String, Integer> expectedAfter = expectedAll();
    int products = lab.brightpearl().catalog().productCount();
    long shopify = 0;
    long reconcileShopify = 0;
    for (SyncLab.StoreSpec store : stores()) {
      long changedLevels =
          expectedAfter.entrySet().stream()
              .filter(e -> e.getKey().startsWith(store.name() + "/"))
              .filter(e -> !e.getValue().equals(expectedBefore.get(e.getKey())))
              .count();
      // Reconciliation reads a location in pages of 250 levels, or in one bulk query (start, one
      // poll, the result) above 2,000 items.
      long reads =
          products > 2000
              ? store.locations().size() * 3L
              : store.locations().size() * ceil(products, 250);
      reconcileShopify = Math.max(reconcileShopify, reads + ceil(night.drifted(), 250));
      shopify += ceil(changedLevels, 250) + productWrites(created) + reads;
    }
    long retagged = retaggedProducts();
    shopify += productWrites(retagged) * stores().size();
    long reconcileBrightpearl = ceil(products, 500) + ceil(products, 200);
    long brightpearl =
        ceil(touched.size(), 200)
            + 2 * ceil(created, 200)
            + 2 * ceil(retagged, 200)
            + 1
            + reconcileBrightpearl;
    return new Minimum(
        shopify, brightpearl, reconcileBrightpearl + ceil(night.drifted(), 200), reconcileShopify);
  }

  /** Calls to write {@code count} products: one {@code productSet} each, or one bulk operation. */
  private long productWrites(long count) {
    return count > lab.node().config().sync().products().bulkThreshold() ? 1 : count;
  }

  /** Products in the renamed category or below it: their category-path tags changed. */
  private long retaggedProducts() {
    Set<Long> renamed = new HashSet<>();
    renamed.add(1L);
    boolean grew = true;
    List<SimData.Category> categories = lab.brightpearl().catalog().categories();
    while (grew) {
      grew = false;
      for (SimData.Category category : categories) {
        if (renamed.contains(category.parentId()) && renamed.add(category.id())) {
          grew = true;
        }
      }
    }
    return lab.brightpearl().catalog().allProducts().stream()
        .filter(p -> p.categoryIds().stream().anyMatch(renamed::contains))
        .count();
  }

  private Map<String, Integer> expectedAll() {
    Map<String, Integer> all = new LinkedHashMap<>();
    for (SyncLab.StoreSpec store : stores()) {
      lab.expectedLevels(store.name()).forEach((k, v) -> all.put(store.name() + "/" + k, v));
    }
    return all;
  }

  private static long ceil(long count, int size) {
    return (count + size - 1) / size;
  }

  private Reconciliation await(ReconcileService reconcile, Reconciliation requested, String task)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    Reconciliation run = requested;
    while (System.nanoTime() < deadline) {
      reconcile.kick();
      Reconciliation stored = reconcile.find(requested.id()).orElseThrow();
      run = ReconcileService.current(stored, lab.node().storage().events());
      if (run.status().isFinal()) {
        stages.done(task, run.status().dbValue());
        return run;
      }
      stages.update(task, RunStage.of(stored, lab.node().storage().events()));
      Thread.sleep(200);
    }
    throw new IllegalStateException("reconciliation " + requested.id() + " did not finish");
  }

  private void awaitQuiet(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && !lab.isQuiet()) {
      Thread.sleep(200);
    }
  }

  public int totalDrift() {
    return lab.driftByStore().values().stream().mapToInt(List::size).sum();
  }

  private long eventCount() {
    return lab.node().storage().events().count(io.stockbridge.event.EventQuery.all(10));
  }

  static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
