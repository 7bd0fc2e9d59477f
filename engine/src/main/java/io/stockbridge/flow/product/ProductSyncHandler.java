package io.stockbridge.flow.product;

import io.stockbridge.config.SyncConfig;
import io.stockbridge.event.NewWork;
import io.stockbridge.flow.EventRouter;
import io.stockbridge.flow.FlowKinds;
import io.stockbridge.idset.IdSet;
import io.stockbridge.queue.Outcome;
import io.stockbridge.queue.WorkHandler;
import io.stockbridge.queue.WorkItem;
import io.stockbridge.sync.SyncContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code product.sync}: creates or updates an item's products on its store (product.created,
 * product.modified, product.changed, a stock item waiting for its product, a full sync, a category
 * rename). All items of a claim share one Brightpearl read. A product now on the store releases the
 * items waiting on it; a new one gets a {@code stock.sync} item so its stock follows at once, as
 * does one whose new tags give it another safety stock (its pushed levels are stale). Thread-safe.
 */
public final class ProductSyncHandler implements WorkHandler {
  /** Most products (summed over items, all stores) synced in one run. */
  static final int MAX_PRODUCTS_PER_RUN = 2000;

  private final SyncContext context;
  private final ProductSync sync;
  private final EventRouter router;

  /**
   * @param router where the stock items of new and retagged products are routed ({@link
   *     FlowKinds#STOCK_REFRESH}: to the store's stock flow, when it runs one)
   */
  public ProductSyncHandler(SyncContext context, ProductSync sync, EventRouter router) {
    this.context = context;
    this.sync = sync;
    this.router = router;
  }

  @Override
  public String kind() {
    return FlowKinds.PRODUCT_SYNC;
  }

  @Override
  public List<Outcome> handle(List<WorkItem> items) {
    Map<Long, ItemProducts.Ids> ids = ItemProducts.resolve(context, items, "productIds");
    // A claim of full-sync items can name tens of thousands of products: work them off in runs of
    // bounded size so one throttle or outage does not send all of them back.
    List<Outcome> outcomes = new ArrayList<>();
    List<WorkItem> group = new ArrayList<>();
    int size = 0;
    for (WorkItem item : items) {
      ItemProducts.Ids itemIds = ids.get(item.id());
      int count = itemIds.ok() ? itemIds.ids().size() : 0;
      if (!group.isEmpty() && size + count > MAX_PRODUCTS_PER_RUN) {
        outcomes.addAll(run(group, ids));
        group = new ArrayList<>();
        size = 0;
      }
      group.add(item);
      size += count;
    }
    if (!group.isEmpty()) {
      outcomes.addAll(run(group, ids));
    }
    return outcomes;
  }

  private List<Outcome> run(List<WorkItem> items, Map<Long, ItemProducts.Ids> ids) {
    Map<Long, Outcome> outcomes = new LinkedHashMap<>();
    Map<String, Map<Long, Long>> requests = new LinkedHashMap<>();
    boolean refreshTree = false;
    for (WorkItem item : items) {
      ItemProducts.Ids itemIds = ids.get(item.id());
      String problem = itemIds.ok() ? storeProblem(item.store()) : itemIds.problem();
      if (problem != null) {
        outcomes.put(item.id(), new Outcome.Dead(problem));
        continue;
      }
      Map<Long, Long> request = requests.computeIfAbsent(item.store(), s -> new LinkedHashMap<>());
      itemIds.ids().ids().forEach(id -> request.putIfAbsent(id, item.eventId()));
      refreshTree |= itemIds.args() != null && itemIds.args().path("refreshTree").asBoolean();
    }
    ProductSync.Run run;
    try {
      run = sync.sync(requests, refreshTree);
    } catch (RuntimeException e) {
      Outcome outcome = Outcome.of(e);
      return items.stream().map(i -> outcomes.getOrDefault(i.id(), outcome)).toList();
    }
    long now = context.clock().millis();
    List<NewWork> stockWork = new ArrayList<>();
    Set<String> claimedNew = new HashSet<>();
    Set<String> released = new HashSet<>();
    for (WorkItem item : items) {
      if (outcomes.containsKey(item.id())) {
        continue;
      }
      RuntimeException failure = run.failures().get(item.store());
      if (failure != null) {
        outcomes.put(item.id(), Outcome.of(failure));
        continue;
      }
      Map<Long, ProductResult> storeResults = run.results().get(item.store());
      ItemProducts.Ids itemIds = ids.get(item.id());
      List<ProductResult> results = new ArrayList<>();
      List<Long> restock = new ArrayList<>();
      for (Long id : itemIds.ids().ids()) {
        ProductResult result = storeResults.get(id);
        results.add(result);
        String key = FlowKinds.productOnStore(item.store(), id);
        boolean changed =
            result.action() == ProductResult.Action.CREATED
                || result.action() == ProductResult.Action.UPDATED
                || result.action() == ProductResult.Action.LEFT_ALONE;
        // Items waiting on a product are released when it was written, and on an explicit request
        // (a stock item asks with args): that request may come after an earlier run created it.
        if (result.onStore() && (changed || itemIds.explicit()) && released.add(key)) {
          context.queue().release(key, now);
        }
        if (result.action() == ProductResult.Action.CREATED && claimedNew.add(key)) {
          restock.add(id);
        }
      }
      if (!restock.isEmpty()) {
        stockWork.addAll(stockRefresh(item.store(), restock, item.eventId(), now));
      }
      List<ProductResult> failed =
          results.stream().filter(r -> r.action() == ProductResult.Action.FAILED).toList();
      outcomes.put(
          item.id(),
          failed.isEmpty()
              ? new Outcome.Done(ResultSummary.of(results))
              : new Outcome.Failed(new ProductSyncException(ResultSummary.of(failed))));
    }
    stockWork.addAll(restockRetagged(run.retagged(), claimedNew, items.get(0).eventId(), now));
    if (!stockWork.isEmpty()) {
      context.queue().enqueue(stockWork, now);
    }
    return items.stream().map(i -> outcomes.get(i.id())).toList();
  }

  /**
   * A {@code stock.sync} item per store for the retagged products on it whose new tags give them
   * another safety stock there: the levels pushed with the old one are stale, and no stock event
   * may follow. Every store, not only this run's: the next run for another store no longer sees the
   * tags change.
   */
  private List<NewWork> restockRetagged(
      Map<Long, ProductSync.Retagged> retagged, Set<String> claimed, Long eventId, long now) {
    List<NewWork> work = new ArrayList<>();
    if (retagged.isEmpty()) {
      return work;
    }
    for (SyncConfig.Store store : context.config().stores().values()) {
      if (!store.runs(SyncConfig.STOCK)) {
        continue;
      }
      List<Long> changed = new ArrayList<>();
      retagged.forEach(
          (id, tags) -> {
            if (store.safetyStock().unitsFor(tags.sku(), tags.before())
                    != store.safetyStock().unitsFor(tags.sku(), tags.after())
                && !claimed.contains(FlowKinds.productOnStore(store.name(), id))) {
              changed.add(id);
            }
          });
      List<Long> onStore =
          changed.isEmpty()
              ? List.of()
              : context.state().storeProducts(store.name(), changed).keySet().stream()
                  .sorted()
                  .toList();
      if (!onStore.isEmpty()) {
        work.addAll(stockRefresh(store.name(), onStore, eventId, now));
      }
    }
    return work;
  }

  /**
   * The stock items for {@code productIds} on {@code store}, routed like any event: none when the
   * store does not run the stock flow; else with the stock flow's exclusive key, so they never run
   * beside another node's stock item of the same products and store.
   */
  private List<NewWork> stockRefresh(String store, List<Long> productIds, Long eventId, long now) {
    String ids = IdSet.of(productIds).toString();
    String args = ItemProducts.json(Map.of("productIds", ids));
    return router.route(FlowKinds.STOCKBRIDGE, FlowKinds.STOCK_REFRESH, ids, store, now).stream()
        .filter(w -> FlowKinds.STOCK_SYNC.equals(w.kind()))
        .map(
            w ->
                new NewWork(
                    eventId,
                    w.kind(),
                    w.itemKey(),
                    w.store(),
                    w.priority(),
                    w.runAfter(),
                    w.maxAttempts(),
                    args,
                    w.exclusiveKey()))
        .toList();
  }

  private String storeProblem(String store) {
    SyncConfig.Store config = store == null ? null : context.config().stores().get(store);
    if (config == null) {
      return "no store '" + store + "' is configured";
    }
    if (!config.runs(SyncConfig.PRODUCTS)) {
      return "store '" + store + "' does not run the products flow";
    }
    return null;
  }
}
