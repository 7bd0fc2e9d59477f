package io.stockbridge.connector.shopify;

/**
 * One quantity to set: item and location global ids, the new quantity, and the quantity we believe
 * is there now ({@code changeFromQuantity}, Shopify's compare-and-swap). A null {@code
 * changeFromQuantity} is sent as an explicit null: no compare-and-swap (we are the system of
 * record).
 */
public record QuantityChange(
    String inventoryItemId, String locationId, int quantity, Integer changeFromQuantity) {
  QuantityChange withChangeFrom(Integer current) {
    return new QuantityChange(inventoryItemId, locationId, quantity, current);
  }
}
