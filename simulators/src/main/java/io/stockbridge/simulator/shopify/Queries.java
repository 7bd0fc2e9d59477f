package io.stockbridge.simulator.shopify;

import graphql.schema.DataFetchingEnvironment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Root query fields: variants, products, inventory items, locations, bulk operation status. */
final class Queries {
  private Queries() {}

  static Object productVariants(DataFetchingEnvironment env) {
    Catalog catalog = RequestContext.of(env).shop.catalog;
    SearchQuery query = SearchQuery.parse(env.getArgument("query"));
    List<Catalog.Variant> matching =
        catalog.variants.values().stream().filter(v -> query.matches(variantFields(v))).toList();
    return Connections.page(matching, env, v -> Views.variant(catalog, v));
  }

  static Object products(DataFetchingEnvironment env) {
    Catalog catalog = RequestContext.of(env).shop.catalog;
    SearchQuery query = SearchQuery.parse(env.getArgument("query"));
    List<Catalog.Product> matching =
        catalog.products.values().stream()
            .filter(
                p -> {
                  Map<String, String> fields = new HashMap<>();
                  fields.put("id", String.valueOf(p.id));
                  fields.put("handle", p.handle);
                  fields.put("title", p.title);
                  fields.put("status", p.status);
                  return query.matches(fields);
                })
            .toList();
    return Connections.page(matching, env, p -> Views.product(catalog, p));
  }

  static Object inventoryItems(DataFetchingEnvironment env) {
    Catalog catalog = RequestContext.of(env).shop.catalog;
    SearchQuery query = SearchQuery.parse(env.getArgument("query"));
    List<Catalog.Variant> matching =
        catalog.itemToVariant.values().stream()
            .map(catalog.variants::get)
            .filter(v -> query.matches(itemFields(v)))
            .toList();
    return Connections.page(matching, env, v -> Views.item(catalog, v));
  }

  static Object locations(DataFetchingEnvironment env) {
    Catalog catalog = RequestContext.of(env).shop.catalog;
    return Connections.page(
        List.copyOf(catalog.locations.values()), env, l -> Views.location(catalog, l));
  }

  static Object location(DataFetchingEnvironment env) {
    Catalog catalog = RequestContext.of(env).shop.catalog;
    Catalog.Location location = catalog.locations.get(Gid.parse("Location", env.getArgument("id")));
    return location == null ? null : Views.location(catalog, location);
  }

  static Object product(DataFetchingEnvironment env) {
    Catalog catalog = RequestContext.of(env).shop.catalog;
    Catalog.Product product = catalog.products.get(Gid.parse("Product", env.getArgument("id")));
    return product == null ? null : Views.product(catalog, product);
  }

  static Object productVariant(DataFetchingEnvironment env) {
    Catalog catalog = RequestContext.of(env).shop.catalog;
    Catalog.Variant variant =
        catalog.variants.get(Gid.parse("ProductVariant", env.getArgument("id")));
    return variant == null ? null : Views.variant(catalog, variant);
  }

  static Object inventoryItem(DataFetchingEnvironment env) {
    Catalog catalog = RequestContext.of(env).shop.catalog;
    Catalog.Variant variant =
        catalog.variantOfItem(Gid.parse("InventoryItem", env.getArgument("id")));
    return variant == null ? null : Views.item(catalog, variant);
  }

  private static Map<String, String> itemFields(Catalog.Variant variant) {
    Map<String, String> fields = new HashMap<>();
    fields.put("sku", variant.sku);
    fields.put("id", String.valueOf(variant.inventoryItemId));
    fields.put("variant_id", String.valueOf(variant.id));
    return fields;
  }

  private static Map<String, String> variantFields(Catalog.Variant variant) {
    Map<String, String> fields = new HashMap<>();
    fields.put("sku", variant.sku);
    fields.put("id", String.valueOf(variant.id));
    fields.put("product_id", String.valueOf(variant.productId));
    fields.put("inventory_item_id", String.valueOf(variant.inventoryItemId));
    return fields;
  }
}
