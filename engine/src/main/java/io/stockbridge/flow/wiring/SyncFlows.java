package io.stockbridge.flow.wiring;

import io.stockbridge.flow.Backlog;
import io.stockbridge.flow.product.CategorySyncHandler;
import io.stockbridge.flow.product.ProductDestroyHandler;
import io.stockbridge.flow.product.ProductSync;
import io.stockbridge.flow.product.ProductSyncHandler;
import io.stockbridge.flow.stock.StockFlow;
import io.stockbridge.queue.WorkHandler;
import io.stockbridge.sync.SyncContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The wiring of the sync flows: their queue handlers, built once per node over its {@link
 * SyncContext}.
 */
public final class SyncFlows {
  private SyncFlows() {}

  public static List<WorkHandler> handlers(SyncContext context, Backlog backlog) {
    List<WorkHandler> handlers = new ArrayList<>();
    handlers.add(new StockFlow(context, backlog));
    ProductSync products = new ProductSync(context);
    handlers.add(new ProductSyncHandler(context, products));
    handlers.add(new ProductDestroyHandler(context));
    handlers.add(new CategorySyncHandler(context));
    return handlers;
  }
}
