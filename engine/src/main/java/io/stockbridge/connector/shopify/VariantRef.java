package io.stockbridge.connector.shopify;

/** A Shopify variant found by SKU: global ids of the variant, its product and inventory item. */
public record VariantRef(String sku, String variantId, String productId, String inventoryItemId) {}
