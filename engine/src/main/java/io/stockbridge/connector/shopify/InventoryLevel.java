package io.stockbridge.connector.shopify;

/** One inventory level as read for reconciliation: item, its SKU, location and quantities. */
public record InventoryLevel(
    String inventoryItemId, String sku, String locationId, int available, int onHand) {}
