package io.stockbridge.flow;

import static io.stockbridge.flow.FlowKinds.*;

import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.config.SyncConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The routes of the flows this build runs, from the configuration. The one place both the service
 * and the CLI (replay) learn where an event goes, so they always agree. Warehouse events fan out to
 * one item per store that runs the flow, so each store can be paused, shadowed and tracked on its
 * own.
 */
public final class FlowCatalog {
  /** Stock runs before product content: a sold-out item matters more than a new description. */
  public static final int STOCK_PRIORITY = 10;

  public static final int PRODUCT_PRIORITY = 20;

  /**
   * Orders run first: a sale waiting for Brightpearl holds its units back from every push, and
   * Brightpearl's budget is better spent on it than on a stock read.
   */
  public static final int ORDER_PRIORITY = 5;

  private FlowCatalog() {}

  public static List<Route> routes(StockbridgeConfig config) {
    SyncConfig sync = config.sync();
    List<Route> routes = new ArrayList<>();
    if (!sync.isConfigured()) {
      return routes;
    }
    boolean resumeRouted = false;
    for (SyncConfig.Store store : sync.stores().values()) {
      String name = store.name();
      if (store.runs(SyncConfig.ORDERS)) {
        // The items of one order (creation, updates, cancellation, a catch-up) run one at a time,
        // in order, on any node: two nodes never race to create the same sales order. Shopify
        // names its shop, not our store: the handler skips another shop's events.
        KeyOrder order = KeyOrder.ordered(ORDER_SYNC);
        for (String topic : List.of(ORDERS_CREATE, ORDERS_UPDATED, ORDERS_CANCELLED)) {
          routes.add(route(SHOPIFY, topic, ORDER_SYNC, ORDER_PRIORITY, name, false, order));
        }
        routes.add(
            route(
                SHOPIFY,
                REFUNDS_CREATE,
                ORDER_SYNC,
                ORDER_PRIORITY,
                name,
                false,
                KeyOrder.ordered("order.refund")));
        routes.add(
            route(STOCKBRIDGE, ORDER_CATCH_UP, ORDER_SYNC, ORDER_PRIORITY, name, true, order));
        routes.add(
            route(
                STOCKBRIDGE,
                ORDER_CATCH_UP_REQUESTED,
                ORDER_POLL,
                ORDER_PRIORITY,
                name,
                true,
                KeyOrder.ordered(ORDER_POLL)));
        routes.add(
            route(
                BRIGHTPEARL,
                GOODS_OUT_SHIPPED,
                ORDER_FULFIL,
                ORDER_PRIORITY,
                name,
                false,
                KeyOrder.ordered(ORDER_FULFIL)));
        if (!resumeRouted) {
          // Parked orders wait on a SKU, whatever their store: one item per new product is enough.
          routes.add(
              route(
                  BRIGHTPEARL,
                  PRODUCT_CREATED,
                  ORDER_RESUME,
                  ORDER_PRIORITY,
                  name,
                  false,
                  KeyOrder.NONE));
          resumeRouted = true;
        }
      }
      if (store.runs(SyncConfig.STOCK)) {
        // Stock items of one product and store never run on two nodes at once: both would read and
        // write the same figure. One node coalesces them.
        KeyOrder stock = KeyOrder.exclusive(STOCK_SYNC);
        routes.add(
            route(BRIGHTPEARL, ON_HAND_MODIFIED, STOCK_SYNC, STOCK_PRIORITY, name, false, stock));
        routes.add(route(GENERIC, STOCK_CHANGED, STOCK_SYNC, STOCK_PRIORITY, name, true, stock));
        routes.add(
            route(STOCKBRIDGE, STOCK_CORRECTION, STOCK_SYNC, STOCK_PRIORITY, name, true, stock));
        routes.add(
            route(STOCKBRIDGE, STOCK_REFRESH, STOCK_SYNC, STOCK_PRIORITY, name, true, stock));
      }
      if (store.runs(SyncConfig.PRODUCTS)) {
        // A product's creation, updates and destroy on one store run one at a time, in order: a
        // destroy never overtakes the update before it (which would create the product again).
        KeyOrder product = KeyOrder.ordered(PRODUCT_SYNC);
        routes.add(
            route(
                BRIGHTPEARL,
                PRODUCT_CREATED,
                PRODUCT_SYNC,
                PRODUCT_PRIORITY,
                name,
                false,
                product));
        routes.add(
            route(
                BRIGHTPEARL,
                PRODUCT_MODIFIED,
                PRODUCT_SYNC,
                PRODUCT_PRIORITY,
                name,
                false,
                product));
        routes.add(
            route(GENERIC, PRODUCT_CHANGED, PRODUCT_SYNC, PRODUCT_PRIORITY, name, true, product));
        routes.add(
            route(
                STOCKBRIDGE, FULL_SYNC, PRODUCT_SYNC, PRODUCT_PRIORITY, name, true, KeyOrder.NONE));
        // The stock flow's request to create a product it found missing: in order with the
        // product's other product items on the store.
        routes.add(
            route(
                STOCKBRIDGE, PRODUCT_MISSING, PRODUCT_SYNC, PRODUCT_PRIORITY, name, true, product));
        routes.add(
            route(
                BRIGHTPEARL,
                PRODUCT_DESTROYED,
                PRODUCT_DESTROY,
                PRODUCT_PRIORITY,
                name,
                false,
                product));
        routes.add(
            route(
                BRIGHTPEARL,
                CATEGORY_MODIFIED,
                CATEGORY_SYNC,
                PRODUCT_PRIORITY,
                name,
                false,
                KeyOrder.NONE));
      }
    }
    return routes;
  }

  private static Route route(
      String source,
      String type,
      String kind,
      int priority,
      String store,
      boolean storeScoped,
      KeyOrder order) {
    return new Route(source, type, kind, priority, order, store, storeScoped);
  }

  public static EventRouter router(StockbridgeConfig config, List<Route> extraRoutes) {
    List<Route> all = new ArrayList<>(routes(config));
    all.addAll(extraRoutes);
    return new EventRouter(all, config.queue().maxAttempts());
  }
}
