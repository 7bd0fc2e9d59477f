package io.stockbridge.sync;

/**
 * One line of a store's id map: a Brightpearl product and its Shopify product, variant and
 * inventory item (global ids), the content hash last written and its {@link State} there.
 */
public record StoreProduct(
    String store,
    long productId,
    String sku,
    String shopifyProduct,
    String shopifyVariant,
    String inventoryItem,
    String contentHash,
    State state) {

  /** Where the product stands on the store. */
  public enum State {
    /** Created or updated by us, or found by SKU. */
    ACTIVE,
    /** Archived on the store because the warehouse product was destroyed. */
    ARCHIVED,
    /** Deleted on the store because the warehouse product was destroyed. */
    DELETED
  }

  /**
   * A product found on the store by SKU rather than written by us: active, with no content hash
   * (the product flow checks such a line before it rewrites the product).
   */
  public static StoreProduct adopted(
      String store,
      long productId,
      String sku,
      String shopifyProduct,
      String shopifyVariant,
      String inventoryItem) {
    return new StoreProduct(
        store, productId, sku, shopifyProduct, shopifyVariant, inventoryItem, null, State.ACTIVE);
  }

  public StoreProduct withContentHash(String hash) {
    return new StoreProduct(
        store, productId, sku, shopifyProduct, shopifyVariant, inventoryItem, hash, state);
  }

  public StoreProduct withState(State newState) {
    return new StoreProduct(
        store,
        productId,
        sku,
        shopifyProduct,
        shopifyVariant,
        inventoryItem,
        contentHash,
        newState);
  }
}
