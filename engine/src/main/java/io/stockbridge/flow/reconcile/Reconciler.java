package io.stockbridge.flow.reconcile;

import io.stockbridge.config.SyncConfig;
import io.stockbridge.connector.brightpearl.ProductAvailability;
import io.stockbridge.connector.brightpearl.ProductSearchPage;
import io.stockbridge.connector.shopify.BulkOperationException;
import io.stockbridge.connector.shopify.BulkProgress;
import io.stockbridge.connector.shopify.InventoryLevel;
import io.stockbridge.connector.shopify.ShopifyConnector;
import io.stockbridge.event.NewEvent;
import io.stockbridge.event.NewWork;
import io.stockbridge.flow.EventRouter;
import io.stockbridge.flow.FlowKinds;
import io.stockbridge.flow.stock.HeldBack;
import io.stockbridge.flow.stock.StockLevels;
import io.stockbridge.http.Json;
import io.stockbridge.idset.IdSet;
import io.stockbridge.queue.Pauses;
import io.stockbridge.sync.CatalogProduct;
import io.stockbridge.sync.PushedLevel;
import io.stockbridge.sync.StoreProduct;
import io.stockbridge.sync.SyncContext;
import io.stockbridge.sync.SyncState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does the work of a run: snapshots of both sides (warehouse availability in ID-set calls, each
 * store's inventory levels by page or by bulk query; the stores at once), drift by {@link
 * StockLevels#expected}, and one correction event per drifted product and store, all in one batch,
 * through the normal pipeline. Before a correction it records what the store really shows as the
 * last pushed quantity, so that the stock flow does not skip the write as unchanged. Thread-safe.
 */
public final class Reconciler {
  /**
   * The default of {@code stores.<name>.bulk.readThreshold}: a store whose id map holds more items
   * is read with bulk queries.
   */
  public static final int BULK_THRESHOLD = SyncConfig.Bulk.DEFAULT_READ_THRESHOLD;

  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  /** Page size of the warehouse product search (Brightpearl's largest). */
  static final int SEARCH_PAGE = 500;

  /** Product ids per full-sync event (one Brightpearl ID-set call). */
  static final int FULL_SYNC_CHUNK = 200;

  private static final int APPEND_CHUNK = 500;

  private final SyncContext context;
  private final EventRouter router;
  private final Pauses pauses;
  private final HeldBack heldBack;
  private final Runnable wakeQueue;

  /**
   * @param heldBack units the stock plan holds back from a store (orders on their way to
   *     Brightpearl): expected levels hold them back too, so they are no drift
   */
  public Reconciler(
      SyncContext context,
      EventRouter router,
      Pauses pauses,
      HeldBack heldBack,
      Runnable wakeQueue) {
    this.context = context;
    this.heldBack = heldBack;
    this.router = router;
    this.pauses = pauses;
    this.wakeQueue = wakeQueue;
  }

  /** Receives the progress of a run's bulk reads, from the threads that poll them. */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = (store, bulk) -> {};

    void bulk(String store, BulkProgress progress);
  }

  /**
   * What a stock stage found and sent: {@code storesRead} stores were read completely; {@code
   * failedStores} could not be (their reasons are in {@code detail}).
   */
  public record Findings(
      Long batchId,
      int checked,
      int drifted,
      Map<String, Object> detail,
      int storesRead,
      List<String> failedStores) {
    public Findings {
      failedStores = List.copyOf(failedStores);
    }
  }

  /** What a full sync's product stage queued. */
  public record ProductStage(long batchId, int products, int events) {}

  /** Queues every warehouse product to the product flow of {@code store}, as one batch. */
  public ProductStage queueProducts(long runId, String store) {
    List<Long> ids = allProductIds();
    long now = context.clock().millis();
    List<IdSet> chunks = ids.isEmpty() ? List.of() : IdSet.of(ids).chunks(FULL_SYNC_CHUNK);
    long batchId =
        context.events().openBatch("full-sync", "full sync #" + runId + " of " + store, now);
    String traceId = newTraceId();
    List<NewEvent> events = new ArrayList<>();
    for (IdSet chunk : chunks) {
      String args = Json.write(Map.of("productIds", chunk.toString()));
      List<NewWork> work = new ArrayList<>();
      for (NewWork item :
          router.route(FlowKinds.STOCKBRIDGE, FlowKinds.FULL_SYNC, chunk.toString(), store, now)) {
        work.add(
            new NewWork(
                item.eventId(),
                item.kind(),
                item.itemKey(),
                item.store(),
                item.priority(),
                item.runAfter(),
                item.maxAttempts(),
                args,
                item.exclusiveKey()));
      }
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("fullSync", runId);
      payload.put("productIds", chunk.toString());
      events.add(
          new NewEvent(
              FlowKinds.STOCKBRIDGE,
              FlowKinds.FULL_SYNC,
              chunk.toString(),
              store,
              null,
              traceId,
              batchId,
              "application/json",
              Json.write(payload).getBytes(StandardCharsets.UTF_8),
              work));
    }
    append(events);
    context.events().closeBatch(batchId, context.clock().millis());
    return new ProductStage(batchId, ids.size(), events.size());
  }

  /** Compares both sides for {@code scope} and sends the corrections; returns the findings. */
  public Findings reconcile(long runId, ReconcileScope scope) {
    return reconcile(runId, scope, Progress.NONE);
  }

  /**
   * As {@link #reconcile(long, ReconcileScope)}, reporting the progress of bulk reads. A store that
   * cannot be read is listed in {@code failedStores} with its reason in {@code stores.<name>.error}
   * (and a WARN line); the other stores go on.
   */
  public Findings reconcile(long runId, ReconcileScope scope, Progress progress) {
    long brightpearlBefore = context.warehouse().requestsSent();
    Map<String, Object> detail = new LinkedHashMap<>();
    List<String> unknownSkus = new ArrayList<>();
    List<Long> productIds = productIdsOf(scope, unknownSkus);
    if (!unknownSkus.isEmpty()) {
      detail.put("unknownSkus", unknownSkus);
    }
    Map<Long, ProductAvailability> availability =
        productIds.isEmpty() ? Map.of() : context.warehouse().availability(IdSet.of(productIds));
    Map<Long, CatalogProduct> catalog =
        availability.isEmpty() ? Map.of() : context.catalog().catalog(availability.keySet());
    Map<String, Long> productBySku = new HashMap<>();
    catalog.values().forEach(p -> productBySku.put(p.sku(), p.productId()));
    detail.put("warehouseProducts", productIds.size());
    detail.put("stockTracked", availability.size());

    List<String> paused = pauses.list();
    Map<String, Object> perStore = new LinkedHashMap<>();
    List<Drift> allDrift = new ArrayList<>();
    List<String> driftStores = new ArrayList<>();
    List<String> failedStores = new ArrayList<>();
    int checked = 0;
    int storesRead = 0;
    // Stores are separate shops with their own budgets and bulk slots: they are read at once.
    Map<String, Future<StoreFindings>> reads = new LinkedHashMap<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (String store : scope.stores()) {
        if (!paused.contains(Pauses.store(store))
            && !paused.contains(Pauses.flow(FlowKinds.STOCK_SYNC))) {
          reads.put(
              store,
              executor.submit(
                  () -> reconcileStore(store, availability, catalog, productBySku, progress)));
        }
      }
      for (String store : scope.stores()) {
        Future<StoreFindings> read = reads.get(store);
        if (read == null) {
          perStore.put(store, Map.of("skipped", "paused"));
          continue;
        }
        StoreFindings found;
        try {
          found = read.get();
        } catch (ExecutionException e) {
          // One store failing (unreachable, a location it does not have) does not stop the others.
          Throwable cause = e.getCause();
          String reason = cause.getClass().getSimpleName() + ": " + cause.getMessage();
          LOG.warn("reconciliation #{}: store {} could not be checked: {}", runId, store, reason);
          perStore.put(store, Map.of("error", reason));
          failedStores.add(store);
          continue;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while reading the stores", e);
        }
        checked += found.checked;
        storesRead++;
        for (Drift drift : found.drift) {
          allDrift.add(drift);
          driftStores.add(store);
        }
        perStore.put(store, found.summary());
      }
    }
    detail.put("stores", perStore);
    if (!failedStores.isEmpty()) {
      detail.put("failedStores", failedStores);
    }
    detail.put("brightpearlCalls", context.warehouse().requestsSent() - brightpearlBefore);
    Long batchId = null;
    if (!allDrift.isEmpty()) {
      long now = context.clock().millis();
      batchId = context.events().openBatch("reconciliation", "reconciliation #" + runId, now);
      String traceId = newTraceId();
      List<NewEvent> events = new ArrayList<>();
      for (int i = 0; i < allDrift.size(); i++) {
        events.add(correction(runId, batchId, traceId, driftStores.get(i), allDrift.get(i), now));
      }
      append(events);
      context.events().closeBatch(batchId, context.clock().millis());
    }
    return new Findings(batchId, checked, allDrift.size(), detail, storesRead, failedStores);
  }

  private final class StoreFindings {
    final List<Drift> drift = new ArrayList<>();
    int checked;
    int missing;
    int missingNotSynced;
    int levelsRead;
    int shopifyCalls;
    int observed;
    String mode = "pages";
    String bulkFallback;

    Map<String, Object> summary() {
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("checked", checked);
      summary.put("drifted", drift.size());
      summary.put("missing", missing);
      if (missingNotSynced > 0) {
        summary.put("missingWithoutProductFlow", missingNotSynced);
      }
      summary.put("levelsRead", levelsRead);
      summary.put("read", mode);
      if (bulkFallback != null) {
        summary.put("bulkFallback", bulkFallback);
      }
      summary.put("shopifyCalls", shopifyCalls);
      summary.put("levelsObserved", observed);
      return summary;
    }
  }

  private StoreFindings reconcileStore(
      String store,
      Map<Long, ProductAvailability> availability,
      Map<Long, CatalogProduct> catalog,
      Map<String, Long> productBySku,
      Progress progress) {
    StoreFindings found = new StoreFindings();
    SyncConfig.Store config = context.store(store);
    SyncConfig.StockFormula formula = context.config().warehouse().orElseThrow().formula();
    Map<String, List<Long>> locations = context.locations(store);
    ShopifyConnector shopify = context.shopify(store);
    boolean createsProducts = config.runs(SyncConfig.PRODUCTS);

    Map<String, StoreProduct> idMap = context.state().storeProductsByInventoryItem(store);
    Map<Long, String> itemOfProduct = new HashMap<>();
    idMap.forEach(
        (item, line) -> {
          if (line.state() == StoreProduct.State.ACTIVE && item != null) {
            itemOfProduct.put(line.productId(), item);
          }
        });
    boolean bulk = idMap.size() > config.bulk().readThreshold();
    found.mode = bulk ? "bulk" : "pages";
    Map<String, List<InventoryLevel>> byLocation = null;
    if (bulk) {
      try {
        byLocation =
            shopify.bulkInventoryLevels(
                List.copyOf(locations.keySet()), idMap.size(), p -> progress.bulk(store, p));
        found.shopifyCalls += locations.size();
      } catch (BulkOperationException e) {
        if (e.kind() != BulkOperationException.Kind.BUSY) {
          throw e;
        }
        LOG.warn(
            "store {}: bulk read unavailable, reading pages instead: {}", store, e.getMessage());
        found.mode = "pages";
        found.bulkFallback = e.getMessage();
      }
    }
    if (byLocation == null) {
      byLocation = new LinkedHashMap<>();
      for (String location : locations.keySet()) {
        List<InventoryLevel> read = new ArrayList<>();
        String cursor = null;
        do {
          ShopifyConnector.InventoryLevelPage page =
              shopify.inventoryLevels(location, cursor, ShopifyConnector.LEVEL_PAGE);
          found.shopifyCalls++;
          read.addAll(page.levels());
          cursor = page.nextCursor();
        } while (cursor != null);
        byLocation.put(location, read);
      }
    }
    // Store snapshot: inventory item -> location -> available, and each item's SKU.
    Map<String, Map<String, Integer>> levels = new HashMap<>();
    Map<String, String> skuOfItem = new HashMap<>();
    for (Map.Entry<String, List<InventoryLevel>> entry : byLocation.entrySet()) {
      String location = entry.getKey();
      List<InventoryLevel> read = entry.getValue();
      for (InventoryLevel level : read) {
        levels
            .computeIfAbsent(level.inventoryItemId(), k -> new HashMap<>())
            .put(location, level.available());
        if (level.sku() != null) {
          skuOfItem.put(level.inventoryItemId(), level.sku());
        }
      }
      found.levelsRead += read.size();
    }
    // Items the id map does not know are matched to warehouse products by SKU.
    skuOfItem.forEach(
        (item, sku) -> {
          Long product = productBySku.get(sku);
          if (product != null && !idMap.containsKey(item)) {
            itemOfProduct.putIfAbsent(product, item);
          }
        });

    List<String> items = new ArrayList<>();
    for (Long productId : availability.keySet()) {
      String item = itemOfProduct.get(productId);
      if (item != null) {
        items.add(item);
      }
    }
    Map<String, Integer> pushed = context.state().pushedLevels(store, items);
    // No oversell: units of orders not yet in Brightpearl (flow.order) are held back, as the stock
    // push holds them back, so they are no drift to correct.
    // Long.MAX_VALUE: only orders Brightpearl has not answered yet (the figures were read before).
    List<String> skus = new ArrayList<>();
    for (Long productId : availability.keySet()) {
      CatalogProduct facts = catalog.get(productId);
      if (facts != null && facts.sku() != null) {
        skus.add(facts.sku());
      }
    }
    Map<String, Integer> held =
        skus.isEmpty() ? Map.of() : heldBack.unitsBySku(store, skus, Long.MAX_VALUE);
    List<PushedLevel> observed = new ArrayList<>();
    for (ProductAvailability product : availability.values()) {
      long productId = product.productId();
      CatalogProduct facts = catalog.get(productId);
      String sku = facts == null ? null : facts.sku();
      int safety =
          config.safetyStock().unitsFor(sku, facts == null ? List.of() : facts.tags())
              + (sku == null ? 0 : Math.max(0, held.getOrDefault(sku, 0)));
      Map<String, Integer> expected = StockLevels.expected(product, locations, formula, safety);
      String item = itemOfProduct.get(productId);
      Map<String, Integer> actual = item == null ? null : levels.get(item);
      found.checked++;
      if (item != null) {
        for (String location : locations.keySet()) {
          Integer have = actual == null ? null : actual.get(location);
          String key = SyncState.levelKey(item, location);
          Integer last = pushed.get(key);
          // What the store really shows becomes the last pushed quantity; a location where the
          // item is not stocked is recorded as -1, a value no write of ours ever matches.
          int real = have == null ? -1 : have;
          if (last == null || last != real) {
            observed.add(new PushedLevel(store, item, location, real));
          }
        }
      }
      Optional<Drift> drift = Drift.compare(productId, sku, expected, item, actual);
      if (drift.isPresent()) {
        if (!drift.get().missing()) {
          found.drift.add(drift.get());
        } else if (createsProducts) {
          found.drift.add(drift.get());
          found.missing++;
        } else {
          // Only the product flow can put it there; a correction would wait forever.
          found.missingNotSynced++;
        }
      }
    }
    if (!observed.isEmpty()) {
      context.state().putPushedLevels(observed, context.clock().millis());
    }
    found.observed = observed.size();
    return found;
  }

  private NewEvent correction(
      long runId, long batchId, String traceId, String store, Drift drift, long now) {
    String key = String.valueOf(drift.productId());
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("reconciliation", runId);
    payload.put("productId", drift.productId());
    payload.put("sku", drift.sku());
    payload.put("inventoryItem", drift.inventoryItem());
    payload.put("missing", drift.missing());
    List<Map<String, Object>> levels = new ArrayList<>();
    for (Drift.Level level : drift.levels()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("location", level.locationId());
      entry.put("expected", level.expected());
      entry.put("actual", level.actual());
      levels.add(entry);
    }
    payload.put("levels", levels);
    return new NewEvent(
        FlowKinds.STOCKBRIDGE,
        FlowKinds.STOCK_CORRECTION,
        key,
        store,
        null,
        traceId,
        batchId,
        "application/json",
        Json.write(payload).getBytes(StandardCharsets.UTF_8),
        router.route(FlowKinds.STOCKBRIDGE, FlowKinds.STOCK_CORRECTION, key, store, now));
  }

  private void append(List<NewEvent> events) {
    for (int from = 0; from < events.size(); from += APPEND_CHUNK) {
      context
          .events()
          .append(
              events.subList(from, Math.min(events.size(), from + APPEND_CHUNK)),
              context.clock().millis());
      wakeQueue.run();
    }
  }

  /** The products a scope names (SKUs resolved from the catalog, else by product search). */
  private List<Long> productIdsOf(ReconcileScope scope, List<String> unknownSkus) {
    if (!scope.isSubset()) {
      return allProductIds();
    }
    TreeSet<Long> ids = new TreeSet<>();
    scope.products().ifPresent(p -> ids.addAll(p.ids()));
    for (String sku : scope.skus()) {
      Optional<CatalogProduct> known = context.state().catalogBySku(sku);
      if (known.isPresent()) {
        ids.add(known.get().productId());
        continue;
      }
      ProductSearchPage page = context.warehouse().searchProducts(Map.of("SKU", sku), 1, 5);
      List<Long> found = idsOf(page);
      if (found.isEmpty()) {
        unknownSkus.add(sku);
      }
      ids.addAll(found);
    }
    return new ArrayList<>(ids);
  }

  /** Every warehouse product id, paging through product search. */
  List<Long> allProductIds() {
    TreeSet<Long> ids = new TreeSet<>();
    int first = 1;
    while (true) {
      ProductSearchPage page = context.warehouse().searchProducts(Map.of(), first, SEARCH_PAGE);
      ids.addAll(idsOf(page));
      if (!page.morePagesAvailable() || page.rows().isEmpty()) {
        return new ArrayList<>(ids);
      }
      first = page.lastResult() + 1;
    }
  }

  private static List<Long> idsOf(ProductSearchPage page) {
    List<Long> ids = new ArrayList<>();
    for (Map<String, Object> row : page.rowsAsMaps()) {
      if (row.get("productId") instanceof Number id) {
        ids.add(id.longValue());
      }
    }
    return ids;
  }

  static String newTraceId() {
    byte[] bytes = new byte[16];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
