package io.stockbridge.connector.brightpearl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A product as read from {@code GET /product-service/product/{ID-SET}}: the fields the flows match
 * and map on, plus the whole JSON ({@code raw}) for everything else (financialDetails, variations,
 * customFields, sales channel descriptions). Immutable.
 */
public record BrightpearlProduct(
    long id,
    long brandId,
    String name,
    Identity identity,
    boolean stockTracked,
    List<Long> categoryIds,
    JsonNode raw) {
  /** The product's identity block; absent values are empty strings. */
  public record Identity(String sku, String ean, String upc, String mpn, String isbn) {}

  static BrightpearlProduct from(JsonNode node) {
    JsonNode identity = node.path("identity");
    JsonNode channel = node.path("salesChannels").path(0);
    List<Long> categories =
        channel
            .path("categories")
            .valueStream()
            .map(c -> c.path("categoryCode").asLong(0))
            .filter(id -> id > 0)
            .toList();
    return new BrightpearlProduct(
        node.path("id").asLong(),
        node.path("brandId").asLong(0),
        channel.path("productName").asText(""),
        new Identity(
            identity.path("sku").asText(""),
            identity.path("ean").asText(""),
            identity.path("upc").asText(""),
            identity.path("mpn").asText(""),
            identity.path("isbn").asText("")),
        node.path("stock").path("stockTracked").asBoolean(false),
        categories,
        node);
  }
}
