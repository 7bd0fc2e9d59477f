package io.stockbridge.simulator.shopify;

import java.util.LinkedHashMap;
import java.util.Map;

/** Webhook bodies of the inventory topics, shaped like Shopify's (REST-style snake_case). */
final class InventoryPayloads {
  private InventoryPayloads() {}

  static Map<String, Object> levelWebhook(Catalog.Level level) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("inventory_item_id", level.itemId);
    payload.put("location_id", level.locationId);
    payload.put("available", level.available);
    payload.put("updated_at", level.updatedAt.toString());
    payload.put(
        "admin_graphql_api_id",
        "gid://shopify/InventoryLevel/" + level.locationId + "?inventory_item_id=" + level.itemId);
    return payload;
  }
}
