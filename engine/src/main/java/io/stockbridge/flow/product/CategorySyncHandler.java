package io.stockbridge.flow.product;

import io.stockbridge.connector.brightpearl.BrightpearlCategory;
import io.stockbridge.event.NewWork;
import io.stockbridge.flow.FlowCatalog;
import io.stockbridge.flow.FlowKinds;
import io.stockbridge.idset.IdSet;
import io.stockbridge.queue.Outcome;
import io.stockbridge.queue.WorkHandler;
import io.stockbridge.queue.WorkItem;
import io.stockbridge.sync.SyncContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code category.sync}: categories changed (a rename changes the category-path tags of every
 * product in them and in their sub-categories). Reads the tree again and queues {@code
 * product.sync} items for the store's affected products, {@value #CHUNK} per item, asking them to
 * refresh the tree too (they may run on another node); the content hash lets only products whose
 * tags really changed be written. Thread-safe.
 */
public final class CategorySyncHandler implements WorkHandler {
  /** Attempts of the product items this flow enqueues. */
  private static final int ATTEMPTS = 10;

  /** Products per queued product.sync item. */
  static final int CHUNK = 1000;

  private final SyncContext context;

  public CategorySyncHandler(SyncContext context) {
    this.context = context;
  }

  @Override
  public String kind() {
    return FlowKinds.CATEGORY_SYNC;
  }

  @Override
  public List<Outcome> handle(List<WorkItem> items) {
    Map<Long, ItemProducts.Ids> ids = ItemProducts.resolve(context, items, "categoryIds");
    Map<Long, BrightpearlCategory> tree;
    try {
      context.catalog().forgetTree();
      tree = context.catalog().categories();
    } catch (RuntimeException e) {
      Outcome outcome = Outcome.of(e);
      return items.stream().map(i -> outcome).toList();
    }
    long now = context.clock().millis();
    List<Outcome> outcomes = new ArrayList<>();
    List<NewWork> work = new ArrayList<>();
    for (WorkItem item : items) {
      ItemProducts.Ids itemIds = ids.get(item.id());
      if (!itemIds.ok()) {
        outcomes.add(new Outcome.Dead(itemIds.problem()));
        continue;
      }
      Set<Long> categories = withDescendants(itemIds.ids().ids(), tree);
      List<Long> products = context.state().productsInCategories(categories);
      for (int from = 0; from < products.size(); from += CHUNK) {
        IdSet chunk = IdSet.of(products.subList(from, Math.min(products.size(), from + CHUNK)));
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("productIds", chunk.toString());
        args.put("refreshTree", true);
        work.add(
            new NewWork(
                item.eventId(),
                FlowKinds.PRODUCT_SYNC,
                null,
                item.store(),
                FlowCatalog.PRODUCT_PRIORITY,
                now,
                ATTEMPTS,
                ItemProducts.json(args)));
      }
      outcomes.add(
          new Outcome.Done(
              "categories "
                  + IdSet.of(categories)
                  + ": re-tagging "
                  + products.size()
                  + " products"
                  + (products.isEmpty() ? "" : " (queued product.sync)")));
    }
    if (!work.isEmpty()) {
      context.queue().enqueue(work, now);
    }
    return outcomes;
  }

  /** The categories and all categories below them in the tree. */
  static Set<Long> withDescendants(List<Long> roots, Map<Long, BrightpearlCategory> tree) {
    Set<Long> all = new TreeSet<>(roots);
    boolean grew = true;
    while (grew) {
      grew = false;
      for (BrightpearlCategory category : tree.values()) {
        if (all.contains(category.parentId()) && all.add(category.id())) {
          grew = true;
        }
      }
    }
    return all;
  }
}
