package io.stockbridge.flow.stock;

import io.stockbridge.connector.shopify.ShopifyConnector;
import io.stockbridge.flow.FlowKinds;
import io.stockbridge.observe.Scoped;
import io.stockbridge.observe.Tracing;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One flush of the stock flow: reads ({@link StockReads}) availability for all its products in
 * ID-set calls (shared by every store), then per store (in parallel) reads the id map, the levels
 * last pushed and the units held back, plans ({@link StockPlan}, no I/O) and hands each product's
 * decision on: unchanged products are settled, missing ones go to the store's {@link
 * MissingProducts}, levels to write to its {@link StoreWrites}. Thread-safe.
 */
final class StockPush implements Coalescer.Flusher {
  private static final Logger LOG = LoggerFactory.getLogger(StockPush.class);

  /**
   * A store as a flush needs it: its Shopify connector (asked by SKU for products the id map does
   * not know), where its levels go and what becomes of products it lacks.
   */
  record Target(ShopifyConnector shopify, StoreWrites writes, MissingProducts missing) {}

  private final StockReads reads;
  private final Map<String, Target> stores;
  private final Function<String, StockPlan.Settings> settings;
  private final Clock clock;
  private final ExecutorService storeThreads = Executors.newVirtualThreadPerTaskExecutor();

  /**
   * @param settings a store's plan settings (its location mapping resolved on first use, which may
   *     ask the store)
   */
  StockPush(
      StockReads reads,
      Map<String, Target> stores,
      Function<String, StockPlan.Settings> settings,
      Clock clock) {
    this.reads = reads;
    this.stores = Map.copyOf(stores);
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public void flush(List<Coalescer.Pending> products) {
    // One span for the flush, linked to every event it serves; the store pushes run inside it.
    List<io.opentelemetry.context.Context> traces = new ArrayList<>();
    products.forEach(p -> p.traces(null, traces));
    try (Scoped batch = Tracing.joinBatch("stock.flush", FlowKinds.STOCK_SYNC, null, traces)) {
      flushTraced(products);
    }
  }

  private void flushTraced(List<Coalescer.Pending> products) {
    List<Long> ids = products.stream().map(p -> p.productId).toList();
    StockReads.Warehouse warehouse;
    try {
      warehouse = reads.warehouse(ids);
    } catch (RuntimeException e) {
      LOG.warn(
          "stock flush of {} product(s) failed reading Brightpearl: {}", ids.size(), e.toString());
      fail(products, e);
      return;
    }
    Map<String, List<Coalescer.Pending>> byStore = new LinkedHashMap<>();
    for (Coalescer.Pending product : products) {
      for (String store : product.waitersByStore.keySet()) {
        byStore.computeIfAbsent(store, s -> new ArrayList<>()).add(product);
      }
    }
    List<Future<?>> running = new ArrayList<>();
    for (Map.Entry<String, List<Coalescer.Pending>> entry : byStore.entrySet()) {
      running.add(
          storeThreads.submit(
              Tracing.wrap(() -> flushStore(entry.getKey(), entry.getValue(), warehouse))));
    }
    for (Future<?> future : running) {
      try {
        future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException e) {
        LOG.warn("stock flush for a store failed: {}", e.getCause().toString());
      }
    }
  }

  private void flushStore(
      String store, List<Coalescer.Pending> products, StockReads.Warehouse warehouse) {
    try {
      pushToStore(store, products, warehouse);
    } catch (RuntimeException e) {
      LOG.warn(
          "stock push to {} failed for {} product(s): {}", store, products.size(), e.toString());
      for (Coalescer.Pending product : products) {
        product.complete(store, new ProductOutcome.Error(e));
      }
    }
  }

  private void pushToStore(
      String store, List<Coalescer.Pending> products, StockReads.Warehouse warehouse) {
    Target target = stores.get(store);
    if (target == null) {
      throw new IllegalArgumentException("unknown store '" + store + "'");
    }
    StockPlan.Settings plan = settings.apply(store);
    long now = clock.millis();
    Map<Long, Coalescer.Pending> byId = new LinkedHashMap<>();
    products.forEach(p -> byId.put(p.productId, p));
    List<Long> ids = List.copyOf(byId.keySet());
    StockPlan.Reads read =
        withWrites(
            target.writes(),
            plan,
            reads.store(store, target.shopify(), ids, warehouse, now),
            warehouse.readStartedAt());
    List<StoreWrites.Planned> writes = new ArrayList<>();
    StockPlan.plan(ids, read, plan)
        .forEach(
            (id, decision) -> {
              Coalescer.Pending product = byId.get(id);
              switch (decision) {
                case StockPlan.Decision.Unchanged u ->
                    product.complete(store, new ProductOutcome.Unchanged(u.detail()));
                case StockPlan.Decision.Missing m ->
                    product.complete(
                        store,
                        target.missing().missing(store, m.product(), product.firstEventId(store)));
                case StockPlan.Decision.Writes w ->
                    writes.add(
                        new StoreWrites.Planned(
                            product,
                            w.product().sku(),
                            w.changes(),
                            w.targets(),
                            w.receivedUnits(),
                            read.pushedLevels(),
                            warehouse.readStartedAt()));
              }
            });
    if (!writes.isEmpty()) {
      target.writes().submit(writes, now);
    }
  }

  /**
   * {@code read} with what the store's writes know: levels with a write buffered or in flight (a
   * level equal to the last pushed is written all the same: the write under way may leave another
   * figure) and, for a store whose sales are heard of, the sales not yet heard of per level.
   */
  private StockPlan.Reads withWrites(
      StoreWrites writes, StockPlan.Settings plan, StockPlan.Reads read, long readAt) {
    Map<String, String> skuByKey = new LinkedHashMap<>();
    read.idMap()
        .forEach(
            (id, line) -> {
              io.stockbridge.sync.CatalogProduct facts = read.catalog().get(id);
              if (facts != null && line.inventoryItem() != null) {
                for (String location : plan.locations().keySet()) {
                  skuByKey.put(
                      io.stockbridge.sync.SyncState.levelKey(line.inventoryItem(), location),
                      facts.sku());
                }
              }
            });
    if (skuByKey.isEmpty()) {
      return read;
    }
    // First: a write of these levels ending from now on is seen below (its basis recorded before it
    // ends), one still under way is in writing, and an older plan not yet buffered is not written.
    java.util.Set<String> writing = writes.planning(skuByKey.keySet(), readAt, clock.millis());
    Map<String, Integer> unseen =
        read.receivedUnits() == null ? Map.of() : writes.unseen(skuByKey, read.receivedUnits());
    // Levels this node wrote are compared with what the store should hold now: it took the sales
    // received since our write off itself (the level last pushed would hide them).
    Map<String, Integer> shows = new java.util.HashMap<>(read.pushedLevels());
    if (read.receivedUnits() != null) {
      shows.putAll(writes.expected(skuByKey, read.receivedUnits()));
    }
    return new StockPlan.Reads(
        read.catalog(),
        read.availability(),
        read.idMap(),
        shows,
        read.heldBack(),
        read.receivedUnits(),
        unseen,
        writing);
  }

  @Override
  public void writeLeftovers(Coalescer policy) {
    stores.values().forEach(target -> target.writes().writeLeftovers(policy));
  }

  /** Levels waiting in each store's write buffer (not yet in a call), by store. */
  Map<String, Integer> bufferedLevels() {
    Map<String, Integer> sizes = new TreeMap<>();
    stores.forEach((store, target) -> sizes.put(store, target.writes().buffered()));
    return sizes;
  }

  private static void fail(List<Coalescer.Pending> products, Throwable error) {
    for (Coalescer.Pending product : products) {
      for (String store : product.waitersByStore.keySet()) {
        product.complete(store, new ProductOutcome.Error(error));
      }
    }
  }
}
