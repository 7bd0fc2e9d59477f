package io.stockbridge.simulator.shopify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders catalog entities as the Maps graphql-java reads: scalars directly, links and connections
 * as {@link Resolver}s so they are only computed when selected.
 */
final class Views {
  private Views() {}

  static Map<String, Object> location(Catalog catalog, Catalog.Location location) {
    Map<String, Object> view = object("Location", Gid.of("Location", location.id));
    view.put("name", location.name);
    view.put("isActive", true);
    view.put("legacyResourceId", String.valueOf(location.id));
    view.put(
        "inventoryLevels",
        (Resolver)
            env -> {
              List<Catalog.Level> atLocation = new ArrayList<>();
              for (Long itemId : catalog.itemToVariant.keySet()) {
                Catalog.Level level = catalog.level(itemId, location.id);
                if (level != null) {
                  atLocation.add(level);
                }
              }
              return Connections.page(atLocation, env, level -> level(catalog, level));
            });
    return view;
  }

  static Map<String, Object> product(Catalog catalog, Catalog.Product product) {
    Map<String, Object> view = object("Product", Gid.of("Product", product.id));
    view.put("title", product.title);
    view.put("handle", product.handle);
    view.put("status", product.status);
    view.put("vendor", product.vendor);
    view.put("productType", product.productType);
    view.put("descriptionHtml", product.descriptionHtml);
    view.put("tags", List.copyOf(product.tags));
    view.put("updatedAt", product.updatedAt.toString());
    view.put("legacyResourceId", String.valueOf(product.id));
    view.put(
        "variants",
        (Resolver)
            env -> Connections.page(catalog.variantsOf(product), env, v -> variant(catalog, v)));
    view.put(
        "variantsCount",
        (Resolver) env -> Map.of("count", product.variantIds.size(), "precision", "EXACT"));
    return view;
  }

  static Map<String, Object> variant(Catalog catalog, Catalog.Variant variant) {
    Map<String, Object> view = object("ProductVariant", Gid.of("ProductVariant", variant.id));
    view.put("sku", variant.sku);
    view.put("price", variant.price);
    view.put("barcode", variant.barcode);
    view.put("title", variant.title);
    view.put("legacyResourceId", String.valueOf(variant.id));
    view.put(
        "product", (Resolver) env -> product(catalog, catalog.products.get(variant.productId)));
    view.put("inventoryItem", (Resolver) env -> item(catalog, variant));
    view.put(
        "inventoryQuantity",
        (Resolver)
            env ->
                catalog.levels.getOrDefault(variant.inventoryItemId, Map.of()).values().stream()
                    .mapToInt(level -> level.available)
                    .sum());
    return view;
  }

  static Map<String, Object> item(Catalog catalog, Catalog.Variant variant) {
    Map<String, Object> view =
        object("InventoryItem", Gid.of("InventoryItem", variant.inventoryItemId));
    view.put("sku", variant.sku);
    view.put("tracked", true);
    view.put("legacyResourceId", String.valueOf(variant.inventoryItemId));
    view.put("variant", (Resolver) env -> variant(catalog, variant));
    view.put(
        "inventoryLevels",
        (Resolver)
            env ->
                Connections.page(
                    List.copyOf(
                        catalog.levels.getOrDefault(variant.inventoryItemId, Map.of()).values()),
                    env,
                    level -> level(catalog, level)));
    view.put(
        "inventoryLevel",
        (Resolver)
            env -> {
              Catalog.Level level =
                  catalog.level(
                      variant.inventoryItemId,
                      Gid.parse("Location", env.getArgument("locationId")));
              return level == null ? null : level(catalog, level);
            });
    return view;
  }

  static Map<String, Object> level(Catalog catalog, Catalog.Level level) {
    Map<String, Object> view =
        object(
            "InventoryLevel",
            "gid://shopify/InventoryLevel/"
                + level.locationId
                + "?inventory_item_id="
                + level.itemId);
    view.put("isActive", true);
    view.put("canDeactivate", true);
    view.put("createdAt", level.updatedAt.toString());
    view.put("updatedAt", level.updatedAt.toString());
    view.put(
        "location", (Resolver) env -> location(catalog, catalog.locations.get(level.locationId)));
    view.put("item", (Resolver) env -> item(catalog, catalog.variantOfItem(level.itemId)));
    view.put(
        "quantities",
        (Resolver)
            env -> {
              List<String> names = env.getArgument("names");
              List<Map<String, Object>> quantities = new ArrayList<>();
              for (String name : names) {
                Integer quantity =
                    switch (name) {
                      case "available" -> level.available;
                      case "on_hand" -> level.onHand;
                      case "committed",
                          "reserved",
                          "incoming",
                          "damaged",
                          "quality_control",
                          "safety_stock" ->
                          0;
                      default -> null;
                    };
                if (quantity != null) {
                  Map<String, Object> q =
                      object("InventoryQuantity", view.get("id") + "&name=" + name);
                  q.put("name", name);
                  q.put("quantity", quantity);
                  q.put("updatedAt", level.updatedAt.toString());
                  quantities.add(q);
                }
              }
              return quantities;
            });
    return view;
  }

  static Map<String, Object> object(String typename, String id) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("__typename", typename);
    view.put("id", id);
    return view;
  }
}
