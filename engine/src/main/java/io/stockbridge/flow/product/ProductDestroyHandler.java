package io.stockbridge.flow.product;

import io.stockbridge.config.SyncConfig;
import io.stockbridge.connector.shopify.VariantRef;
import io.stockbridge.flow.FlowKinds;
import io.stockbridge.flow.product.ProductResult.Action;
import io.stockbridge.queue.Outcome;
import io.stockbridge.queue.WorkHandler;
import io.stockbridge.queue.WorkItem;
import io.stockbridge.sync.CatalogProduct;
import io.stockbridge.sync.StoreProduct;
import io.stockbridge.sync.SyncContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code product.destroy}: the warehouse destroyed products, so each store archives them ({@code
 * productSet} with status ARCHIVED) or deletes them ({@code productDelete}), as {@code
 * stores.<name>.onProductDestroyed} says. Products the id map does not know are found by the SKU
 * the catalog remembers (Brightpearl no longer has them). Thread-safe.
 */
public final class ProductDestroyHandler implements WorkHandler {
  private final SyncContext context;
  private final Map<String, ProductWrites> writes;

  /**
   * @param writes by store: where its archives and deletes go ({@link ProductWrites})
   */
  public ProductDestroyHandler(SyncContext context, Map<String, ProductWrites> writes) {
    this.context = context;
    this.writes = Map.copyOf(writes);
  }

  private ProductWrites writesOf(String store) {
    ProductWrites target = writes.get(store);
    if (target == null) {
      throw new IllegalArgumentException("unknown store '" + store + "'");
    }
    return target;
  }

  @Override
  public String kind() {
    return FlowKinds.PRODUCT_DESTROY;
  }

  @Override
  public List<Outcome> handle(List<WorkItem> items) {
    Map<Long, ItemProducts.Ids> ids = ItemProducts.resolve(context, items, "productIds");
    List<Outcome> outcomes = new ArrayList<>();
    for (WorkItem item : items) {
      ItemProducts.Ids itemIds = ids.get(item.id());
      SyncConfig.Store store =
          item.store() == null ? null : context.config().stores().get(item.store());
      if (!itemIds.ok()) {
        outcomes.add(new Outcome.Dead(itemIds.problem()));
      } else if (store == null) {
        outcomes.add(new Outcome.Dead("no store '" + item.store() + "' is configured"));
      } else {
        try {
          outcomes.add(destroy(store, itemIds.ids().ids(), item.eventId()));
        } catch (RuntimeException e) {
          outcomes.add(Outcome.of(e));
        }
      }
    }
    return outcomes;
  }

  private Outcome destroy(SyncConfig.Store store, List<Long> ids, Long eventId) {
    boolean delete = "delete".equals(store.onProductDestroyed());
    long now = context.clock().millis();
    Map<Long, StoreProduct> known =
        new java.util.HashMap<>(context.state().storeProducts(store.name(), ids));
    List<Long> unknown =
        ids.stream()
            .filter(
                id ->
                    !known.containsKey(id)
                        || known.get(id).shopifyProduct() == null
                        // Learned by SKU elsewhere (no hash): its variants were never counted.
                        || (known.get(id).contentHash() == null
                            && known.get(id).state() == StoreProduct.State.ACTIVE))
            .toList();
    List<ProductResult> results = new ArrayList<>();
    if (!unknown.isEmpty()) {
      Map<Long, CatalogProduct> catalog = context.state().catalog(unknown);
      Map<String, VariantRef> found =
          catalog.isEmpty()
              ? Map.of()
              : context
                  .shopify(store.name())
                  .findVariantsBySku(catalog.values().stream().map(CatalogProduct::sku).toList());
      Map<String, Integer> variants =
          ProductSync.variantCounts(
              context.shopify(store.name()),
              found.values().stream().map(VariantRef::productId).distinct().toList());
      for (Long id : unknown) {
        CatalogProduct entry = catalog.get(id);
        VariantRef variant = entry == null ? null : found.get(entry.sku());
        if (variant == null) {
          known.remove(id);
          results.add(new ProductResult(id, null, Action.SKIPPED, null, "not on the store"));
        } else if (variants.getOrDefault(variant.productId(), 1) > 1) {
          known.remove(id);
          results.add(groupedResult(id, entry.sku(), variant.productId()));
        } else {
          known.put(
              id,
              new StoreProduct(
                  store.name(),
                  id,
                  entry.sku(),
                  variant.productId(),
                  variant.variantId(),
                  variant.inventoryItemId(),
                  null,
                  StoreProduct.State.ACTIVE));
        }
      }
    }
    List<StoreProduct> lines = new ArrayList<>();
    List<Long> order = new ArrayList<>();
    Map<Long, ProductResult> decided = new java.util.HashMap<>();
    List<StoreProduct> targets = new ArrayList<>();
    StoreProduct.State wanted = delete ? StoreProduct.State.DELETED : StoreProduct.State.ARCHIVED;
    for (Long id : ids) {
      StoreProduct line = known.get(id);
      if (line == null || line.shopifyProduct() == null) {
        continue;
      }
      order.add(id);
      String target = line.shopifyProduct();
      if (ProductSync.GROUPED.equals(line.contentHash())) {
        decided.put(id, groupedResult(id, line.sku(), target));
      } else if (line.state() == wanted) {
        decided.put(
            id,
            new ProductResult(
                id,
                line.sku(),
                Action.SKIPPED,
                target,
                "already " + (delete ? "deleted" : "archived")));
      } else {
        targets.add(line);
      }
    }
    Map<Long, ProductResult> destroyed =
        targets.isEmpty()
            ? Map.of()
            : writesOf(store.name()).destroy(targets, delete, eventId, now, lines);
    for (Long id : order) {
      results.add(decided.containsKey(id) ? decided.get(id) : destroyed.get(id));
    }
    if (!lines.isEmpty()) {
      context.state().putStoreProducts(lines, now);
    }
    List<ProductResult> failed = results.stream().filter(r -> r.action() == Action.FAILED).toList();
    return failed.isEmpty()
        ? new Outcome.Done(ResultSummary.of(results))
        : new Outcome.Failed(new ProductSyncException(ResultSummary.of(failed)));
  }

  private static ProductResult groupedResult(long id, String sku, String shopifyProduct) {
    return new ProductResult(
        id,
        sku,
        Action.SKIPPED,
        shopifyProduct,
        "SKU "
            + sku
            + " is one variant of "
            + shopifyProduct
            + ": the product is left alone (its other variants would go too)");
  }
}
