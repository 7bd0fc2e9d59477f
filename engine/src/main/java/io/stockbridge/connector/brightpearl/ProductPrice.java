package io.stockbridge.connector.brightpearl;

import com.fasterxml.jackson.databind.JsonNode;
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

  /** Every product's every price list in a product-price response. */
  static java.util.List<ProductPrice> fromResponse(JsonNode response) {
    java.util.List<ProductPrice> prices = new java.util.ArrayList<>();
    for (JsonNode product : response) {
      for (JsonNode list : product.path("priceLists")) {
        Map<Integer, BigDecimal> byQuantity = new java.util.TreeMap<>();
        list.path("quantityPrice")
            .properties()
            .forEach(
                q ->
                    byQuantity.put(
                        Integer.parseInt(q.getKey()), new BigDecimal(q.getValue().asText())));
        prices.add(
            new ProductPrice(
                product.path("productId").asLong(),
                list.path("priceListId").asLong(),
                list.path("currencyCode").asText(""),
                byQuantity));
      }
    }
    return prices;
  }
}
