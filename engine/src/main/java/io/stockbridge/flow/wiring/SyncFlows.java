package io.stockbridge.flow.wiring;

import io.stockbridge.config.SyncConfig;
import io.stockbridge.flow.Backlog;
import io.stockbridge.flow.EventRouter;
import io.stockbridge.flow.product.CategorySyncHandler;
import io.stockbridge.flow.product.ProductDestroyHandler;
import io.stockbridge.flow.product.ProductSync;
import io.stockbridge.flow.product.ProductSyncHandler;
import io.stockbridge.flow.product.ProductWrites;
import io.stockbridge.flow.stock.HeldBack;
import io.stockbridge.flow.stock.MissingProducts;
import io.stockbridge.flow.stock.StockFlow;
import io.stockbridge.flow.stock.StoreWrites;
import io.stockbridge.queue.WorkHandler;
import io.stockbridge.sync.SyncContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The wiring of the sync flows: their queue handlers, built once per node over its {@link
 * SyncContext}. The one place that looks at a store's shadow mode: a store in shadow mode gets
 * writes that are recorded instead of sent ({@link StoreWrites#shadow}, {@link
 * ProductWrites#shadow}) and creates no products it lacks; the flows never ask.
 */
public final class SyncFlows {
  private SyncFlows() {}

  /**
   * @param router where the stock flow routes the creation of a product a store lacks, and the
   *     product flow the stock items of the products it created or retagged
   * @param heldBack units the stock flow holds back per SKU and store ({@link HeldBack#NONE}: none)
   */
  public static List<WorkHandler> handlers(
      SyncContext context, Backlog backlog, EventRouter router, HeldBack heldBack) {
    List<WorkHandler> handlers = new ArrayList<>();
    handlers.add(stockFlow(context, backlog, router, heldBack));
    Map<String, ProductWrites> productWrites = productWrites(context);
    ProductSync products = new ProductSync(context, productWrites);
    handlers.add(new ProductSyncHandler(context, products, router));
    handlers.add(new ProductDestroyHandler(context, productWrites));
    handlers.add(new CategorySyncHandler(context));
    return handlers;
  }

  /** The stock flow with each store's writes and treatment of missing products. */
  public static StockFlow stockFlow(
      SyncContext context, Backlog backlog, EventRouter router, HeldBack heldBack) {
    Map<String, StockFlow.Store> stores = new LinkedHashMap<>();
    for (SyncConfig.Store store : context.config().stores().values()) {
      String name = store.name();
      StoreWrites writes =
          store.shadow()
              ? StoreWrites.shadow(name, context.state(), context.events())
              : StoreWrites.live(
                  name, context.shopify(name), context.state(), context.events(), context.clock());
      MissingProducts missing =
          store.shadow()
              ? MissingProducts.notCreatedInShadow()
              : MissingProducts.createdThrough(router, context.queue(), context.clock());
      stores.put(
          name,
          new StockFlow.Store(
              context.shopify(name), () -> context.locations(name), writes, missing));
    }
    return new StockFlow(
        context.config(),
        new StockFlow.Sources(
            context.warehouse(), context.catalog(), context.state(), context.events()),
        stores,
        heldBack,
        backlog,
        context.clock());
  }

  /** Each store's product writes: sent to the store, or recorded for a store in shadow mode. */
  public static Map<String, ProductWrites> productWrites(SyncContext context) {
    Map<String, ProductWrites> writes = new LinkedHashMap<>();
    for (SyncConfig.Store store : context.config().stores().values()) {
      String name = store.name();
      Supplier<List<String>> locations = () -> List.copyOf(context.locations(name).keySet());
      writes.put(
          name,
          store.shadow()
              ? ProductWrites.shadow(name, context.state(), locations)
              : ProductWrites.live(
                  name,
                  context.shopify(name),
                  context.state(),
                  locations,
                  context.config().products().bulkThreshold()));
    }
    return writes;
  }
}
