package io.stockbridge.flow.order;

import io.stockbridge.connector.brightpearl.BrightpearlOrders;
import io.stockbridge.flow.EventRouter;
import io.stockbridge.order.OrderStore;
import io.stockbridge.queue.WorkHandler;
import io.stockbridge.store.IssueStore;
import io.stockbridge.sync.SyncContext;
import java.util.List;

/** The wiring of the order flows: their handlers and the catch-up poll, built once per node. */
public final class OrderFlows {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OrderFlows.class);

  private final SyncContext context;
  private final Scheduler scheduler = new Scheduler();
  private final List<WorkHandler> handlers;
  private final OrderCatchUp catchUp;

  public OrderFlows(
      SyncContext context,
      OrderStore orders,
      IssueStore issues,
      EventRouter router,
      Runnable wakeQueue) {
    this.context = context;
    BrightpearlOrders warehouse = new BrightpearlOrders(context.warehouse());
    this.catchUp = new OrderCatchUp(context, orders, router, wakeQueue);
    this.handlers =
        List.of(
            new OrderSyncHandler(
                context,
                new OrderIn(context, orders, issues, warehouse),
                new OrderChanges(orders, warehouse, context.clock()),
                catchUp),
            new FulfilmentHandler(context, orders, warehouse),
            new OrderResumeHandler(context, orders),
            new OrderCatchUpRequests.Handler(catchUp));
  }

  public List<WorkHandler> handlers() {
    return handlers;
  }

  /** The catch-up poll (scheduled by the node; also run on demand). */
  public OrderCatchUp catchUp() {
    return catchUp;
  }

  /** Runs each store's catch-up poll when its {@code orders.pollSeconds} have passed. */
  public Scheduler catchUpScheduler() {
    return scheduler;
  }

  /** The schedule of the catch-up polls: per store, the time of its last poll. Thread-safe. */
  public final class Scheduler {
    private final java.util.Map<String, Long> lastPoll =
        new java.util.concurrent.ConcurrentHashMap<>();

    /** Polls the stores that are due; a failure is logged and retried at the next interval. */
    public void tick() {
      long now = context.clock().millis();
      for (io.stockbridge.config.SyncConfig.Store store : context.config().stores().values()) {
        long interval = store.orders().pollInterval().toMillis();
        if (!store.runs(io.stockbridge.config.SyncConfig.ORDERS) || interval == 0) {
          continue;
        }
        Long last = lastPoll.get(store.name());
        if (last != null && now - last < interval) {
          continue;
        }
        lastPoll.put(store.name(), now);
        try {
          OrderCatchUp.Result result = catchUp.poll(store.name());
          if (result.raised() > 0) {
            LOG.info(
                "order catch-up on {}: {} missed order(s) raised", store.name(), result.raised());
          }
        } catch (RuntimeException e) {
          LOG.warn("order catch-up on {} failed: {}", store.name(), e.toString());
        }
      }
    }
  }
}
