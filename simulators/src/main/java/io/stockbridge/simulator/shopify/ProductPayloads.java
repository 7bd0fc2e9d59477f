package io.stockbridge.simulator.shopify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Webhook body of {@code products/update}, shaped like Shopify's (REST-style snake_case). */
final class ProductPayloads {
  private ProductPayloads() {}

  static Map<String, Object> productWebhook(Catalog catalog, Catalog.Product product) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("admin_graphql_api_id", Gid.of("Product", product.id));
    payload.put("id", product.id);
    payload.put("title", product.title);
    payload.put("handle", product.handle);
    payload.put("status", product.status.toLowerCase(Locale.ROOT));
    payload.put("tags", String.join(", ", product.tags));
    payload.put("updated_at", product.updatedAt.toString());
    List<Map<String, Object>> variants = new ArrayList<>();
    for (Catalog.Variant variant : catalog.variantsOf(product)) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("admin_graphql_api_id", Gid.of("ProductVariant", variant.id));
      v.put("id", variant.id);
      v.put("sku", variant.sku);
      v.put("price", variant.price);
      v.put("inventory_item_id", variant.inventoryItemId);
      variants.add(v);
    }
    payload.put("variants", variants);
    return payload;
  }
}
