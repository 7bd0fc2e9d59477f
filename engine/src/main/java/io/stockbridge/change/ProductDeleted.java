package io.stockbridge.change;

/**
 * {@code product.deleted}: a product was removed from a store; {@code state} says how ({@code
 * deleted}, or {@code archived} where the store keeps it archived).
 */
public record ProductDeleted(
    String store, long productId, String sku, String shopifyProduct, String state)
    implements Change {
  public static final String TYPE = "product.deleted";

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
