package io.stockbridge.flow.stock;

import io.stockbridge.connector.brightpearl.ProductAvailability;
import io.stockbridge.connector.shopify.QuantityChange;
import io.stockbridge.connector.shopify.QuantityResult;
import io.stockbridge.connector.shopify.ShopifyConnector;
import io.stockbridge.connector.shopify.VariantRef;
import io.stockbridge.flow.FlowCatalog;
import io.stockbridge.flow.FlowKinds;
import io.stockbridge.idset.IdSet;
import io.stockbridge.queue.NewWork;
import io.stockbridge.sync.CatalogProduct;
import io.stockbridge.sync.PushedLevel;
import io.stockbridge.sync.ShadowWrite;
import io.stockbridge.sync.StockLevels;
import io.stockbridge.sync.StoreProduct;
import io.stockbridge.sync.SyncConfig;
import io.stockbridge.sync.SyncContext;
import io.stockbridge.sync.SyncState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One flush of the stock flow: reads availability for all its products in ID-set calls (shared by
 * every store), then per store (in parallel) finds inventory items through the id map (asking
 * Shopify by SKU only for unknown ones), computes each location's level, skips levels equal to what
 * was last pushed, and writes the rest with {@code inventorySetQuantities}, 250 per call, each call
 * carrying {@code gid://stockbridge/SyncBatch/<id>} (the batch row names the events). Thread-safe.
 */
final class StockPush {
  private static final Logger LOG = LoggerFactory.getLogger(StockPush.class);
  private static final Duration TRIGGER_MEMORY = Duration.ofMinutes(1);

  private final SyncContext context;
  private final ExecutorService storeThreads = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, Long> recentlyTriggered = new ConcurrentHashMap<>();

  StockPush(SyncContext context) {
    this.context = context;
  }

  void flush(List<Coalescer.Pending> products) {
    List<Long> ids = products.stream().map(p -> p.productId).toList();
    Map<Long, ProductAvailability> availability;
    Map<Long, CatalogProduct> catalog;
    try {
      availability = context.warehouse().availability(IdSet.of(ids));
      catalog = context.catalog().catalog(ids);
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
              () -> flushStore(entry.getKey(), entry.getValue(), availability, catalog)));
    }
    for (Future<?> future : running) {
      try {
        future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (java.util.concurrent.ExecutionException e) {
        LOG.warn("stock flush for a store failed: {}", e.getCause().toString());
      }
    }
  }

  private void flushStore(
      String store,
      List<Coalescer.Pending> products,
      Map<Long, ProductAvailability> availability,
      Map<Long, CatalogProduct> catalog) {
    try {
      pushToStore(store, products, availability, catalog);
    } catch (RuntimeException e) {
      LOG.warn(
          "stock push to {} failed for {} product(s): {}", store, products.size(), e.toString());
      for (Coalescer.Pending product : products) {
        complete(product, store, new ProductOutcome.Error(e));
      }
    }
  }

  private void pushToStore(
      String store,
      List<Coalescer.Pending> products,
      Map<Long, ProductAvailability> availability,
      Map<Long, CatalogProduct> catalog) {
    SyncConfig.Store config = context.store(store);
    SyncState state = context.state();
    long now = context.clock().millis();
    Map<String, List<Long>> locations = context.locations(store);
    List<Long> ids = products.stream().map(p -> p.productId).toList();
    Map<Long, StoreProduct> idMap = new LinkedHashMap<>(state.storeProducts(store, ids));
    lookUpUnknown(store, products, catalog, idMap, now);

    Map<Long, List<QuantityChange>> changesByProduct = new LinkedHashMap<>();
    Map<Long, CatalogProduct> pushing = new LinkedHashMap<>();
    List<String> items = new ArrayList<>();
    for (Coalescer.Pending product : products) {
      long id = product.productId;
      CatalogProduct facts = catalog.get(id);
      StoreProduct mapped = idMap.get(id);
      ProductAvailability figures = availability.get(id);
      if (facts == null) {
        complete(product, store, new ProductOutcome.Unchanged("product " + id + " is gone"));
      } else if (figures == null) {
        complete(product, store, new ProductOutcome.Unchanged("not stock-tracked"));
      } else if (mapped == null) {
        complete(product, store, missing(store, facts, product));
      } else if (mapped.state() != StoreProduct.State.ACTIVE) {
        complete(
            product,
            store,
            new ProductOutcome.Unchanged(
                "SKU " + facts.sku() + " is " + mapped.state().name().toLowerCase() + " there"));
      } else {
        int safety = config.safetyStock().unitsFor(facts.sku(), facts.tags());
        Map<String, Integer> levels =
            StockLevels.expected(
                figures, locations, context.config().warehouse().get().formula(), safety);
        List<QuantityChange> changes = new ArrayList<>();
        levels.forEach(
            (location, quantity) ->
                changes.add(new QuantityChange(mapped.inventoryItem(), location, quantity, null)));
        changesByProduct.put(id, changes);
        pushing.put(id, facts);
        items.add(mapped.inventoryItem());
      }
    }
    Map<String, Integer> lastPushed = state.pushedLevels(store, items);
    List<QuantityChange> toWrite = new ArrayList<>();
    Map<Long, List<QuantityChange>> writing = new LinkedHashMap<>();
    for (Coalescer.Pending product : products) {
      List<QuantityChange> changes = changesByProduct.get(product.productId);
      if (changes == null) {
        continue;
      }
      List<QuantityChange> needed =
          changes.stream()
              .filter(
                  c ->
                      !Integer.valueOf(c.quantity())
                          .equals(
                              lastPushed.get(
                                  SyncState.levelKey(c.inventoryItemId(), c.locationId()))))
              .toList();
      if (needed.isEmpty()) {
        complete(
            product,
            store,
            new ProductOutcome.Unchanged("SKU " + pushing.get(product.productId).sku()));
      } else {
        writing.put(product.productId, needed);
        toWrite.addAll(needed);
      }
    }
    if (toWrite.isEmpty()) {
      return;
    }
    long batchId = context.events().createBatch(batchName(store, products), toWrite.size(), now);
    String reference = "gid://stockbridge/SyncBatch/" + batchId;
    if (config.shadow()) {
      recordShadow(store, products, writing, pushing, reference, now);
      return;
    }
    List<QuantityResult> results =
        context.shopify(store).setQuantities("available", "correction", reference, toWrite);
    Map<String, QuantityResult> byLevel = new LinkedHashMap<>();
    for (QuantityResult result : results) {
      byLevel.put(
          SyncState.levelKey(result.change().inventoryItemId(), result.change().locationId()),
          result);
    }
    List<PushedLevel> applied = new ArrayList<>();
    for (Coalescer.Pending product : products) {
      List<QuantityChange> needed = writing.get(product.productId);
      if (needed == null) {
        continue;
      }
      String sku = pushing.get(product.productId).sku();
      complete(
          product,
          store,
          outcomeOf(store, product.productId, sku, needed, byLevel, applied, reference));
    }
    state.putPushedLevels(applied, context.clock().millis());
  }

  private ProductOutcome outcomeOf(
      String store,
      long productId,
      String sku,
      List<QuantityChange> needed,
      Map<String, QuantityResult> byLevel,
      List<PushedLevel> applied,
      String reference) {
    List<String> set = new ArrayList<>();
    for (QuantityChange change : needed) {
      QuantityResult result =
          byLevel.get(SyncState.levelKey(change.inventoryItemId(), change.locationId()));
      if (result == null) {
        return new ProductOutcome.Retry(StockFlow.retrySoon(), "no answer for SKU " + sku);
      }
      switch (result.outcome()) {
        case APPLIED -> {
          applied.add(
              new PushedLevel(
                  store, change.inventoryItemId(), change.locationId(), change.quantity()));
          set.add(change.quantity() + " at " + shortLocation(change.locationId()));
        }
        case STALE -> {
          return new ProductOutcome.Retry(
              StockFlow.retrySoon(), "SKU " + sku + ": quantity kept changing on the store");
        }
        case REJECTED -> {
          if ("INVALID_INVENTORY_ITEM".equals(result.code())) {
            // The store says the item is gone: forget it, look it up (or create it) again.
            context.state().forgetStoreProduct(store, productId);
            return new ProductOutcome.Retry(
                StockFlow.retrySoon(),
                "SKU "
                    + sku
                    + ": the store no longer knows its inventory item; looking it up again");
          }
          return new ProductOutcome.Rejected(
              "SKU "
                  + sku
                  + " at "
                  + shortLocation(change.locationId())
                  + ": "
                  + result.code()
                  + " "
                  + result.message());
        }
      }
    }
    return new ProductOutcome.Pushed(
        "SKU " + sku + " set to " + String.join(", ", set) + " (" + reference + ")");
  }

  /** Asks Shopify by SKU for products the id map does not know, and remembers what it finds. */
  private void lookUpUnknown(
      String store,
      List<Coalescer.Pending> products,
      Map<Long, CatalogProduct> catalog,
      Map<Long, StoreProduct> idMap,
      long now) {
    Map<String, Long> unknownSkus = new LinkedHashMap<>();
    for (Coalescer.Pending product : products) {
      CatalogProduct facts = catalog.get(product.productId);
      if (!idMap.containsKey(product.productId) && facts != null && !facts.sku().isBlank()) {
        unknownSkus.put(facts.sku(), product.productId);
      }
    }
    if (unknownSkus.isEmpty()) {
      return;
    }
    ShopifyConnector shopify = context.shopify(store);
    Map<String, VariantRef> found = shopify.findVariantsBySku(unknownSkus.keySet());
    List<StoreProduct> learned = new ArrayList<>();
    found.forEach(
        (sku, variant) -> {
          long productId = unknownSkus.get(sku);
          StoreProduct line =
              new StoreProduct(
                  store,
                  productId,
                  sku,
                  variant.productId(),
                  variant.variantId(),
                  variant.inventoryItemId(),
                  null,
                  StoreProduct.State.ACTIVE);
          learned.add(line);
          idMap.put(productId, line);
        });
    context.state().putStoreProducts(learned, now);
  }

  /**
   * The product is not on the store: park the item until it is, and have the products flow create
   * it (once a minute at most per product and store).
   */
  private ProductOutcome missing(String store, CatalogProduct facts, Coalescer.Pending product) {
    String dependency = FlowKinds.productOnStore(store, facts.productId());
    if (!context.store(store).runs(SyncConfig.PRODUCTS)) {
      return new ProductOutcome.Rejected(
          "SKU " + facts.sku() + " is not on the store and its products flow is off");
    }
    long now = context.clock().millis();
    Long last = recentlyTriggered.get(dependency);
    if (last == null || last + TRIGGER_MEMORY.toMillis() < now) {
      recentlyTriggered.put(dependency, now);
      Long eventId =
          product.waitersByStore.get(store).stream()
              .map(Coalescer.Waiter::eventId)
              .filter(java.util.Objects::nonNull)
              .findFirst()
              .orElse(null);
      context
          .queue()
          .enqueue(
              List.of(
                  new NewWork(
                      eventId,
                      FlowKinds.PRODUCT_SYNC,
                      null,
                      store,
                      FlowCatalog.PRODUCT_PRIORITY,
                      now,
                      10,
                      "{\"productIds\":\""
                          + facts.productId()
                          + "\",\"reason\":\"stock waiting\"}")),
              now);
      if (recentlyTriggered.size() > 100_000) {
        recentlyTriggered.clear();
      }
    }
    return new ProductOutcome.Waiting(
        dependency, "SKU " + facts.sku() + " is not on the store yet; creating it there first");
  }

  private void recordShadow(
      String store,
      List<Coalescer.Pending> products,
      Map<Long, List<QuantityChange>> writing,
      Map<Long, CatalogProduct> facts,
      String reference,
      long now) {
    List<ShadowWrite> writes = new ArrayList<>();
    for (Coalescer.Pending product : products) {
      List<QuantityChange> changes = writing.get(product.productId);
      if (changes == null) {
        continue;
      }
      Long eventId =
          product.waitersByStore.get(store).stream()
              .map(Coalescer.Waiter::eventId)
              .filter(java.util.Objects::nonNull)
              .findFirst()
              .orElse(null);
      String sku = facts.get(product.productId).sku();
      List<String> set = new ArrayList<>();
      for (QuantityChange change : changes) {
        writes.add(
            new ShadowWrite(
                0,
                store,
                eventId,
                FlowKinds.STOCK_SYNC,
                "inventorySetQuantities " + sku + " @ " + change.locationId(),
                "{\"inventoryItemId\":\""
                    + change.inventoryItemId()
                    + "\",\"locationId\":\""
                    + change.locationId()
                    + "\",\"quantity\":"
                    + change.quantity()
                    + ",\"referenceDocumentUri\":\""
                    + reference
                    + "\"}",
                now));
        set.add(change.quantity() + " at " + shortLocation(change.locationId()));
      }
      complete(
          product,
          store,
          new ProductOutcome.Pushed(
              "shadow: would set SKU " + sku + " to " + String.join(", ", set) + "; not sent"));
    }
    context.state().recordShadowWrites(writes);
  }

  private static String batchName(String store, List<Coalescer.Pending> products) {
    Set<Long> eventIds = new LinkedHashSet<>();
    for (Coalescer.Pending product : products) {
      List<Coalescer.Waiter> waiters = product.waitersByStore.get(store);
      if (waiters != null) {
        for (Coalescer.Waiter waiter : waiters) {
          if (waiter.eventId() != null) {
            eventIds.add(waiter.eventId());
          }
        }
      }
    }
    return "stock.sync " + store + " events " + (eventIds.isEmpty() ? "-" : IdSet.of(eventIds));
  }

  private static String shortLocation(String gid) {
    int slash = gid.lastIndexOf('/');
    return slash >= 0 ? "location " + gid.substring(slash + 1) : gid;
  }

  private static void complete(Coalescer.Pending product, String store, ProductOutcome outcome) {
    List<Coalescer.Waiter> waiters = product.waitersByStore.get(store);
    if (waiters != null) {
      waiters.forEach(w -> w.result().complete(outcome));
    }
  }

  private static void fail(List<Coalescer.Pending> products, Throwable error) {
    for (Coalescer.Pending product : products) {
      for (String store : product.waitersByStore.keySet()) {
        complete(product, store, new ProductOutcome.Error(error));
      }
    }
  }
}
