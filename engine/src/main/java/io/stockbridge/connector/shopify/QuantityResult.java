package io.stockbridge.connector.shopify;

/**
 * What became of one {@link QuantityChange}: {@code APPLIED}; {@code REJECTED} with Shopify's user
 * error code and message (e.g. {@code INVALID_INVENTORY_ITEM}, {@code INVALID_QUANTITY_TOO_HIGH}:
 * retrying will not help); or {@code STALE} when the quantity kept changing under us through all
 * re-reads (retry later). {@code change} is the change as last sent (with the re-read
 * changeFromQuantity).
 */
public record QuantityResult(QuantityChange change, Outcome outcome, String code, String message) {
  public enum Outcome {
    APPLIED,
    REJECTED,
    STALE
  }

  static QuantityResult applied(QuantityChange change) {
    return new QuantityResult(change, Outcome.APPLIED, null, null);
  }
}
