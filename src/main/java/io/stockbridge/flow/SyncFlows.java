package io.stockbridge.flow;

import io.stockbridge.flow.product.CategorySyncHandler;
import io.stockbridge.flow.product.ProductDestroyHandler;
import io.stockbridge.flow.product.ProductSync;
import io.stockbridge.flow.product.ProductSyncHandler;
import io.stockbridge.flow.stock.StockFlow;
import io.stockbridge.queue.WorkHandler;
import io.stockbridge.sync.SyncContext;
import java.util.ArrayList;
import java.util.List;

/** The queue handlers of the sync flows, built once per node over its {@link SyncContext}. */
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

  /** What the node tells flows about the queue, so coalescing can wait for a backlog to drain. */
  public interface Backlog {
    /** Whether more work is waiting than the node is processing (a burst is being worked off). */
    boolean pending();

    /** Whether the node holds as many items as it may: a flow must not wait for more. */
    boolean saturated();

    /** The most items this node holds at once. */
    int maxInFlight();

    /** Events this node's ingestion has stored since start (sampled for the incoming rate). */
    long eventsStored();
  }
}
