package io.stockbridge.change;

/**
 * {@code stock.changed}: the level a store was told (or was seen to have, by reconciliation) for
 * one inventory item at one location changed from {@code oldLevel} (null: never known) to {@code
 * newLevel}. {@code sku} and {@code productId} are null when the id map does not know the item.
 */
public record StockChanged(
    String store,
    String sku,
    Long productId,
    String inventoryItem,
    String locationId,
    Integer oldLevel,
    int newLevel)
    implements Change {
  public static final String TYPE = "stock.changed";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String key() {
    if (sku != null) {
      return sku;
    }
    return productId != null ? "product:" + productId : "item:" + inventoryItem;
  }

  @Override
  public String storeName() {
    return store;
  }
}
