package io.stockbridge.change;

/**
 * {@code product.upserted}: a product was created or changed on a store (its id map line is new, or
 * its Shopify ids, content hash or state changed). {@code contentHash} is the hash of what was
 * written.
 */
public record ProductUpserted(
    String store,
    long productId,
    String sku,
    String shopifyProduct,
    String shopifyVariant,
    String inventoryItem,
    String contentHash,
    boolean created)
    implements Change {
  public static final String TYPE = "product.upserted";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String key() {
    return sku != null ? sku : "product:" + productId;
  }

  @Override
  public String storeName() {
    return store;
  }
}
