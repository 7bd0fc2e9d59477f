package io.stockbridge.connector.brightpearl;

import java.math.BigDecimal;
import java.util.Map;

/**
 * A product's price on one price list: {@code quantityPrice} maps a minimum quantity to the unit
 * price in {@code currencyCode}. Immutable.
 */
public record ProductPrice(
    long productId, long priceListId, String currencyCode, Map<Integer, BigDecimal> quantityPrice) {
  public ProductPrice {
    quantityPrice = Map.copyOf(quantityPrice);
  }

  /** The price for quantity 1, if the list has one. */
  public java.util.Optional<BigDecimal> unitPrice() {
    return java.util.Optional.ofNullable(quantityPrice.get(1));
  }
}
