package io.stockbridge.connector.shopify;

import java.util.List;

/**
 * What {@code inventoryActivate} did: the item's available quantity at the location once stocked
 * there (null when Shopify returned no level), or Shopify's user errors (field and message only:
 * {@code InventoryActivatePayload.userErrors} is a plain {@code UserError}, without a code).
 */
public record InventoryActivation(Integer available, List<UserError> userErrors) {
  public InventoryActivation {
    userErrors = List.copyOf(userErrors);
  }

  /** Whether the item is now stocked at the location (no user errors, a level came back). */
  public boolean activated() {
    return userErrors.isEmpty() && available != null;
  }
}
