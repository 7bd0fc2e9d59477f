package io.stockbridge.flow;

/**
 * The names the flows share: work item kinds, the event types they take, and the dependency keys
 * items wait on. Pause a flow with {@code flow:<kind>}.
 */
public final class FlowKinds {
  /** Pushes warehouse availability to a store's locations. */
  public static final String STOCK_SYNC = "stock.sync";

  /** Creates or updates products on a store (content, price, tags). */
  public static final String PRODUCT_SYNC = "product.sync";

  /** Archives or deletes products on a store after the warehouse destroyed them. */
  public static final String PRODUCT_DESTROY = "product.destroy";

  /** Re-tags a store's products after categories changed. */
  public static final String CATEGORY_SYNC = "category.sync";

  public static final String BRIGHTPEARL = "brightpearl";
  public static final String GENERIC = "generic";

  /** Source of the events Stockbridge raises itself (reconciliation corrections). */
  public static final String STOCKBRIDGE = "stockbridge";

  public static final String ON_HAND_MODIFIED = "product.modified.on-hand-modified";
  public static final String PRODUCT_CREATED = "product.created";
  public static final String PRODUCT_MODIFIED = "product.modified";
  public static final String PRODUCT_DESTROYED = "product.destroyed";
  public static final String CATEGORY_MODIFIED = "brightpearl-category.modified";

  /** Generic event: stock of the products in {@code key} (ID set) or SKU {@code key} changed. */
  public static final String STOCK_CHANGED = "stock.changed";

  /** Generic event: the products in {@code key} (ID set) changed. */
  public static final String PRODUCT_CHANGED = "product.changed";

  /** Raised by reconciliation for each drifted product of a store. */
  public static final String STOCK_CORRECTION = "stock.correction";

  /**
   * Routed (never stored as an event) by the stock flow for a product a store does not have yet:
   * its creation there, tied to the stock event that found it missing.
   */
  public static final String PRODUCT_MISSING = "product.missing";

  /**
   * Routed (never stored as an event) by the product flow: the stock of products it just created on
   * a store, or whose new tags give them another safety stock there.
   */
  public static final String STOCK_REFRESH = "stock.refresh";

  /** Raised by a full sync (onboarding) for each ID set of warehouse products to put on a store. */
  public static final String FULL_SYNC = "product.full-sync";

  /** Shopify orders into Brightpearl, their cancellations and refunds (flow.order). */
  public static final String ORDER_SYNC = "order.sync";

  /** Brightpearl shipments back to Shopify as fulfilments (flow.order). */
  public static final String ORDER_FULFIL = "order.fulfil";

  /** Resumes orders parked on a SKU when Brightpearl products appear (flow.order). */
  public static final String ORDER_RESUME = "order.resume";

  /** Runs a store's order catch-up poll now (a request from the CLI; flow.order). */
  public static final String ORDER_POLL = "order.poll";

  /**
   * A request for a store's catch-up poll now (key and store: the store), to {@link #ORDER_POLL}.
   */
  public static final String ORDER_CATCH_UP_REQUESTED = "order.catch-up-requested";

  public static final String SHOPIFY = "shopify";
  public static final String ORDERS_CREATE = "orders/create";
  public static final String ORDERS_UPDATED = "orders/updated";
  public static final String ORDERS_CANCELLED = "orders/cancelled";
  public static final String REFUNDS_CREATE = "refunds/create";

  /** Raised by the catch-up poll for an order the webhooks missed; key: the Shopify order id. */
  public static final String ORDER_CATCH_UP = "order.catch-up";

  /** Brightpearl: a goods-out note was shipped (name UNCONFIRMED; see docs/brightpearl.md). */
  public static final String GOODS_OUT_SHIPPED = "goods-out-note.modified.shipped";

  private FlowKinds() {}

  /** What a refund of an order waits on until the order is in Brightpearl. */
  public static String orderInBrightpearl(String store, String shopifyOrderId) {
    return "order|" + store + "|" + shopifyOrderId;
  }

  /** What an order parked on an unknown SKU waits on. */
  public static String skuInBrightpearl(String sku) {
    return "sku|" + sku;
  }

  /** What an item waits on until the product exists on the store. */
  public static String productOnStore(String store, long productId) {
    return "product|" + store + "|" + productId;
  }
}
