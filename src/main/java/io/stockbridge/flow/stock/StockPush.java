package io.stockbridge.flow.stock;

import io.stockbridge.config.SyncConfig;
import io.stockbridge.connector.brightpearl.ProductAvailability;
import io.stockbridge.connector.shopify.InventoryActivation;
import io.stockbridge.connector.shopify.QuantityChange;
import io.stockbridge.connector.shopify.QuantityResult;
import io.stockbridge.connector.shopify.ShopifyConnector;
import io.stockbridge.connector.shopify.UserError;
import io.stockbridge.connector.shopify.VariantRef;
import io.stockbridge.event.NewWork;
import io.stockbridge.flow.FlowCatalog;
import io.stockbridge.flow.FlowKinds;
import io.stockbridge.idset.IdSet;
import io.stockbridge.observe.Scoped;
import io.stockbridge.observe.Tracing;
import io.stockbridge.sync.CatalogProduct;
import io.stockbridge.sync.PushedLevel;
import io.stockbridge.sync.ShadowWrite;
import io.stockbridge.sync.StoreProduct;
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
 * carrying {@code gid://stockbridge/SyncBatch/<id>} (the batch row names the events). A level whose
 * item is not stocked at its location (adopted by SKU, or a location mapped later) is stocked there
 * with {@code inventoryActivate}, which sets its quantity in the same call. Thread-safe.
 */
final class StockPush implements Coalescer.Flusher {
  /** Levels per {@code inventorySetQuantities} call (Shopify's input array limit). */
  static final int WRITE_BATCH = 250;

  private static final Logger LOG = LoggerFactory.getLogger(StockPush.class);
  private static final Duration TRIGGER_MEMORY = Duration.ofMinutes(1);

  /**
   * {@code inventorySetQuantities} codes for an item not stocked at the location: 2026-10 answers
   * {@code INVALID_LOCATION} (older versions {@code ITEM_NOT_STOCKED_AT_LOCATION}).
   */
  private static final Set<String> NOT_STOCKED =
      Set.of("INVALID_LOCATION", "ITEM_NOT_STOCKED_AT_LOCATION");

  private final SyncContext context;
  private final ExecutorService storeThreads = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, Long> recentlyTriggered = new ConcurrentHashMap<>();
  private final Map<String, WriteBuffer> buffers = new ConcurrentHashMap<>();

  StockPush(SyncContext context) {
    this.context = context;
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
    Map<Long, ProductAvailability> availability;
    Map<Long, CatalogProduct> catalog;
    // Orders reflected in Brightpearl after this read began may be missing from its figures (see
    // flow.order.InFlightReservations): their quantities are held back from the push.
    long readStartedAt = context.clock().millis();
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
              Tracing.wrap(
                  () ->
                      flushStore(
                          entry.getKey(),
                          entry.getValue(),
                          availability,
                          catalog,
                          readStartedAt))));
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
      Map<Long, CatalogProduct> catalog,
      long readStartedAt) {
    try {
      pushToStore(store, products, availability, catalog, readStartedAt);
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
      Map<Long, CatalogProduct> catalog,
      long readStartedAt) {
    SyncConfig.Store config = context.store(store);
    SyncState state = context.state();
    long now = context.clock().millis();
    Map<String, List<Long>> locations = context.locations(store);
    List<Long> ids = products.stream().map(p -> p.productId).toList();
    Map<Long, StoreProduct> idMap = new LinkedHashMap<>(state.storeProducts(store, ids));
    lookUpUnknown(store, products, catalog, idMap, now);

    // No oversell: units of orders in flight to Brightpearl (flow.order) are held back like safety
    // stock, one read per store and flush.
    Map<String, Integer> heldBack =
        context
            .heldBack()
            .units(
                store,
                products.stream()
                    .map(p -> catalog.get(p.productId))
                    .filter(java.util.Objects::nonNull)
                    .map(CatalogProduct::sku)
                    .filter(java.util.Objects::nonNull)
                    .toList(),
                readStartedAt);
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
        int safety =
            config.safetyStock().unitsFor(facts.sku(), facts.tags())
                + heldBack.getOrDefault(facts.sku(), 0);
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
    if (config.shadow()) {
      long batchId = context.events().createBatch(batchName(store, products), toWrite.size(), now);
      recordShadow(
          store, products, writing, pushing, "gid://stockbridge/SyncBatch/" + batchId, now);
      return;
    }
    WriteBuffer buffer = buffers.computeIfAbsent(store, s -> new WriteBuffer());
    for (Coalescer.Pending product : products) {
      List<QuantityChange> needed = writing.get(product.productId);
      if (needed != null) {
        ProductWrite owner =
            new ProductWrite(store, product, pushing.get(product.productId).sku(), needed.size());
        // A figure written since this flush read what was pushed is not written again.
        for (Map.Entry<QuantityChange, String> written :
            buffer.add(owner, needed, now).entrySet()) {
          owner.applied(written.getKey(), written.getValue());
        }
      }
    }
    writeFullCalls(store, buffer);
  }

  /** Writes every full call's worth of buffered changes of {@code store}. */
  private void writeFullCalls(String store, WriteBuffer buffer) {
    while (true) {
      List<Buffered> chunk = buffer.take(WRITE_BATCH, true);
      if (chunk.isEmpty()) {
        return;
      }
      write(store, buffer, chunk);
    }
  }

  @Override
  public void writeLeftovers(Coalescer policy) {
    long now = context.clock().millis();
    buffers.forEach(
        (store, buffer) -> {
          long age = buffer.oldestAge(now);
          if (age >= 0 && policy.writePartialNow(buffer.size(), WRITE_BATCH, age)) {
            List<Buffered> chunk = buffer.take(WRITE_BATCH, false);
            if (!chunk.isEmpty()) {
              LOG.debug("partial write to {}: {} level(s), oldest {} ms", store, chunk.size(), age);
              storeThreads.execute(() -> write(store, buffer, chunk));
            }
          }
        });
  }

  /** One {@code inventorySetQuantities} call (up to 250 levels); settles each level's owners. */
  private void write(String store, WriteBuffer buffer, List<Buffered> chunk) {
    // The call serves levels of many events, flushed at different times: a span of its own,
    // linked to each of them.
    List<io.opentelemetry.context.Context> traces = new ArrayList<>();
    for (Buffered level : chunk) {
      for (ProductWrite owner : level.owners) {
        owner.product.traces(store, traces);
      }
    }
    try (Scoped batch = Tracing.joinBatch("stock.write", FlowKinds.STOCK_SYNC, store, traces)) {
      writeTraced(store, buffer, chunk);
    }
  }

  private void writeTraced(String store, WriteBuffer buffer, List<Buffered> chunk) {
    LOG.debug("writing {} level(s) to {}", chunk.size(), store);
    try {
      Set<Long> eventIds = new LinkedHashSet<>();
      for (Buffered level : chunk) {
        for (ProductWrite owner : level.owners) {
          owner.eventIds(eventIds);
        }
      }
      long now = context.clock().millis();
      String reference;
      List<QuantityResult> results;
      // Anything that fails before the store answers fails every owner: an owner left unsettled
      // would keep its item's handler waiting (and its lease renewed) for ever.
      try {
        long batchId =
            context
                .events()
                .createBatch(
                    "stock.sync "
                        + store
                        + " events "
                        + (eventIds.isEmpty() ? "-" : IdSet.of(eventIds)),
                    chunk.size(),
                    now);
        reference = "gid://stockbridge/SyncBatch/" + batchId;
        results =
            context
                .shopify(store)
                .setQuantities(
                    "available",
                    "correction",
                    reference,
                    chunk.stream().map(b -> b.change).toList());
      } catch (RuntimeException e) {
        LOG.warn("stock write to {} failed for {} level(s): {}", store, chunk.size(), e.toString());
        for (Buffered level : chunk) {
          level.owners.forEach(o -> o.fail(new ProductOutcome.Error(e)));
        }
        return;
      }
      List<PushedLevel> applied = new ArrayList<>();
      ProductOutcome[] failures = new ProductOutcome[chunk.size()];
      for (int i = 0; i < chunk.size(); i++) {
        Buffered level = chunk.get(i);
        QuantityResult result = i < results.size() ? results.get(i) : null;
        ProductOutcome failure = null;
        if (result == null) {
          failure = new ProductOutcome.Retry(StockFlow.retrySoon(), "no answer from the store");
        } else if (result.outcome() == QuantityResult.Outcome.APPLIED) {
          applied.add(pushed(store, level.change));
        } else if (result.outcome() == QuantityResult.Outcome.STALE) {
          failure =
              new ProductOutcome.Retry(
                  StockFlow.retrySoon(), "quantity kept changing on the store");
        } else if ("INVALID_INVENTORY_ITEM".equals(result.code())) {
          // The store says the item is gone: forget it, look it up (or create it) again.
          for (ProductWrite owner : level.owners) {
            try {
              context.state().forgetStoreProduct(store, owner.product.productId);
            } catch (RuntimeException e) {
              LOG.warn("could not forget the id map line of {}: {}", owner.sku, e.toString());
            }
          }
          failure =
              new ProductOutcome.Retry(
                  StockFlow.retrySoon(),
                  "the store no longer knows the inventory item; looking it up again");
        } else if (result.code() != null && NOT_STOCKED.contains(result.code())) {
          // Adopted by SKU, or a location mapped later: stock the item there with the level.
          failure = activate(store, level.change);
          if (failure == null) {
            applied.add(pushed(store, level.change));
          }
        } else {
          failure =
              new ProductOutcome.Rejected(
                  shortLocation(level.change.locationId())
                      + ": "
                      + result.code()
                      + " "
                      + result.message());
        }
        failures[i] = failure;
      }
      // Recorded before any owner settles: once its item is done, the next item of the product may
      // run on another node, and must see what was written.
      try {
        context.state().putPushedLevels(applied, context.clock().millis());
      } catch (RuntimeException e) {
        // The writes happened; settle their owners anyway (a later run may write them once more).
        LOG.warn(
            "recording {} level(s) written to {} failed: {}", applied.size(), store, e.toString());
      }
      List<Buffered> alreadyWritten =
          buffer.done(chunk, applied, reference, context.clock().millis());
      for (int i = 0; i < chunk.size(); i++) {
        Buffered level = chunk.get(i);
        for (ProductWrite owner : level.owners) {
          if (failures[i] == null) {
            owner.applied(level.change, reference);
          } else {
            owner.fail(failures[i]);
          }
        }
      }
      for (Buffered level : alreadyWritten) {
        level.owners.forEach(owner -> owner.applied(level.change, reference));
      }
    } finally {
      buffer.done(chunk, List.of(), null, context.clock().millis());
    }
  }

  /**
   * Stocks a level's item at its location with the wanted quantity ({@code inventoryActivate}, one
   * call per level); null when the location now holds that quantity, else the level's failure.
   */
  private ProductOutcome activate(String store, QuantityChange change) {
    InventoryActivation activation;
    try {
      activation =
          context
              .shopify(store)
              .activateInventory(change.inventoryItemId(), change.locationId(), change.quantity());
    } catch (RuntimeException e) {
      LOG.warn(
          "activating {} at {} on {} failed: {}",
          change.inventoryItemId(),
          change.locationId(),
          store,
          e.toString());
      return new ProductOutcome.Error(e);
    }
    if (!activation.userErrors().isEmpty()) {
      return new ProductOutcome.Rejected(
          shortLocation(change.locationId())
              + ": not stocked there and could not be stocked: "
              + String.join(
                  "; ", activation.userErrors().stream().map(UserError::message).toList()));
    }
    if (activation.available() == null || activation.available() != change.quantity()) {
      // Stocked there meanwhile (activation keeps an existing level's quantities): set it again.
      return new ProductOutcome.Retry(
          StockFlow.retrySoon(), "stocked at " + shortLocation(change.locationId()) + " meanwhile");
    }
    return null;
  }

  private static PushedLevel pushed(String store, QuantityChange change) {
    return new PushedLevel(store, change.inventoryItemId(), change.locationId(), change.quantity());
  }

  /** A product's writes on one store in one flush: completes its waiters when all levels are in. */
  private static final class ProductWrite {
    final String store;
    final Coalescer.Pending product;
    final String sku;
    private int remaining;
    private final List<String> set = new ArrayList<>();
    private ProductOutcome failure;
    private String reference;

    ProductWrite(String store, Coalescer.Pending product, String sku, int levels) {
      this.store = store;
      this.product = product;
      this.sku = sku;
      this.remaining = levels;
    }

    void eventIds(Set<Long> into) {
      product.eventIds(store, into);
    }

    synchronized void applied(QuantityChange change, String ref) {
      set.add(change.quantity() + " at " + shortLocation(change.locationId()));
      reference = ref;
      settleOne();
    }

    synchronized void fail(ProductOutcome outcome) {
      if (failure == null
          || outcome instanceof ProductOutcome.Error
          || outcome instanceof ProductOutcome.Rejected) {
        failure =
            outcome instanceof ProductOutcome.Rejected r
                ? new ProductOutcome.Rejected("SKU " + sku + " " + r.reason())
                : outcome instanceof ProductOutcome.Retry t
                    ? new ProductOutcome.Retry(t.delay(), "SKU " + sku + ": " + t.reason())
                    : outcome;
      }
      settleOne();
    }

    private void settleOne() {
      remaining--;
      if (remaining == 0) {
        complete(
            product,
            store,
            failure != null
                ? failure
                : new ProductOutcome.Pushed(
                    "SKU " + sku + " set to " + String.join(", ", set) + " (" + reference + ")"));
      }
    }
  }

  /** A level waiting to be written, with every product write that wants it. */
  /** Levels waiting in each store's write buffer (not yet in a call), by store. */
  Map<String, Integer> bufferedLevels() {
    Map<String, Integer> sizes = new java.util.TreeMap<>();
    buffers.forEach((store, buffer) -> sizes.put(store, buffer.size()));
    return sizes;
  }

  private static final class Buffered {
    QuantityChange change;
    final List<ProductWrite> owners = new ArrayList<>();
    final long at;

    Buffered(QuantityChange change, long at) {
      this.change = change;
      this.at = at;
    }
  }

  /**
   * A store's levels waiting for a full call. A newer value for a level replaces the older one
   * (both products' items wait for it); a level being written is not taken again until that write
   * is done, so two values of one level are never in flight at once.
   */
  private static final class WriteBuffer {
    /**
     * How long a written figure is remembered: longer than a flush takes from reading what was
     * pushed to buffering its writes (the window in which that read can miss this write).
     */
    private static final Duration RECENT_WRITES = Duration.ofSeconds(60);

    private final LinkedHashMap<String, Buffered> levels = new LinkedHashMap<>();
    private final Set<String> inFlight = new java.util.HashSet<>();
    private final Map<String, Written> recentlyWritten = new java.util.HashMap<>();

    private record Written(int quantity, String reference, long at) {}

    /**
     * Buffers {@code owner}'s changes, planned by a flush that began at {@code now} (before it read
     * the pushed levels); returns those whose very figure was written since, which that read could
     * not see, with the write's reference: the caller settles them.
     */
    synchronized Map<QuantityChange, String> add(
        ProductWrite owner, List<QuantityChange> changes, long now) {
      Map<QuantityChange, String> alreadyWritten = new LinkedHashMap<>();
      for (QuantityChange change : changes) {
        String key = SyncState.levelKey(change.inventoryItemId(), change.locationId());
        Written last = recentlyWritten.get(key);
        // Only a write recorded after this flush began (its read of the pushed levels may have
        // missed it): a correction planned later, from a level recorded as the store shows it,
        // writes again.
        if (last != null
            && last.at >= now
            && last.quantity == change.quantity()
            && !levels.containsKey(key)) {
          alreadyWritten.put(change, last.reference);
          continue;
        }
        Buffered level = levels.get(key);
        if (level == null) {
          level = new Buffered(change, now);
          levels.put(key, level);
        } else {
          level.change = change;
        }
        level.owners.add(owner);
      }
      return alreadyWritten;
    }

    /** Up to {@code max} levels not in flight; none unless a full call when {@code fullOnly}. */
    synchronized List<Buffered> take(int max, boolean fullOnly) {
      List<Buffered> chunk = new ArrayList<>();
      for (Map.Entry<String, Buffered> entry : levels.entrySet()) {
        if (!inFlight.contains(entry.getKey())) {
          chunk.add(entry.getValue());
          if (chunk.size() == max) {
            break;
          }
        }
      }
      if (chunk.isEmpty() || (fullOnly && chunk.size() < max)) {
        return List.of();
      }
      for (Buffered level : chunk) {
        String key = SyncState.levelKey(level.change.inventoryItemId(), level.change.locationId());
        levels.remove(key);
        inFlight.add(key);
      }
      return chunk;
    }

    /**
     * Ends {@code chunk}'s flight, of which {@code applied} were written; returns the levels
     * buffered meanwhile with the very figure just written, taken out of the buffer (their owners
     * are settled by the write that happened, so one figure is never written twice).
     */
    synchronized List<Buffered> done(
        List<Buffered> chunk, List<PushedLevel> applied, String reference, long now) {
      for (Buffered level : chunk) {
        inFlight.remove(
            SyncState.levelKey(level.change.inventoryItemId(), level.change.locationId()));
      }
      recentlyWritten.values().removeIf(w -> w.at < now - RECENT_WRITES.toMillis());
      List<Buffered> alreadyWritten = new ArrayList<>();
      for (PushedLevel written : applied) {
        String key = SyncState.levelKey(written.inventoryItem(), written.locationId());
        recentlyWritten.put(key, new Written(written.quantity(), reference, now));
        Buffered waiting = levels.get(key);
        if (waiting != null && waiting.change.quantity() == written.quantity()) {
          levels.remove(key);
          alreadyWritten.add(waiting);
        }
      }
      return alreadyWritten;
    }

    synchronized int size() {
      return levels.size();
    }

    /** Age of the oldest buffered level, or -1 when empty. */
    synchronized long oldestAge(long now) {
      long oldest = Long.MAX_VALUE;
      for (Buffered level : levels.values()) {
        oldest = Math.min(oldest, level.at);
      }
      return oldest == Long.MAX_VALUE ? -1 : now - oldest;
    }
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
              StoreProduct.adopted(
                  store,
                  productId,
                  sku,
                  variant.productId(),
                  variant.variantId(),
                  variant.inventoryItemId());
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
    if (context.store(store).shadow()) {
      // A shadow store creates nothing, so nothing would ever release a parked item.
      return new ProductOutcome.Unchanged(
          "shadow: SKU "
              + facts.sku()
              + " is not on the store; its stock would follow its creation");
    }
    if (!context.store(store).runs(SyncConfig.PRODUCTS)) {
      return new ProductOutcome.Rejected(
          "SKU " + facts.sku() + " is not on the store and its products flow is off");
    }
    long now = context.clock().millis();
    Long last = recentlyTriggered.get(dependency);
    if (last == null || last + TRIGGER_MEMORY.toMillis() < now) {
      recentlyTriggered.put(dependency, now);
      Long eventId = product.firstEventId(store);
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
      Long eventId = product.firstEventId(store);
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
    products.forEach(p -> p.eventIds(store, eventIds));
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
