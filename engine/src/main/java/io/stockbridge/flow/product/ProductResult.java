package io.stockbridge.flow.product;

/**
 * What the product flow did with one product on one store. {@code shopifyProduct} is the global id
 * on the store when known; {@code detail} is one line for the event's history.
 */
public record ProductResult(
    long productId, String sku, Action action, String shopifyProduct, String detail) {

  /** The kinds of result. */
  public enum Action {
    /** Created on the store. */
    CREATED,
    /** Updated on the store (content changed, or first write to a product found by SKU). */
    UPDATED,
    /** Content hash unchanged: nothing sent. */
    UNCHANGED,
    /** Shadow store: the write was recorded, not sent. */
    SHADOW,
    /**
     * On the store as one variant of a multi-variant product Stockbridge did not create: its ids
     * are remembered (stock can be pushed), the product is never written (it would lose its
     * variants).
     */
    LEFT_ALONE,
    /** Brightpearl does not have the product (any more). */
    MISSING,
    /** Archived on the store (warehouse product destroyed). */
    ARCHIVED,
    /** Deleted on the store (warehouse product destroyed). */
    DELETED,
    /** Nothing to do on the store (e.g. destroyed and never there). */
    SKIPPED,
    /** Shopify refused the write; {@code detail} holds its user errors. */
    FAILED
  }

  /** Whether the product now exists on the store, so items waiting on it may run. */
  public boolean onStore() {
    return action == Action.CREATED
        || action == Action.UPDATED
        || action == Action.UNCHANGED
        || action == Action.LEFT_ALONE;
  }
}
