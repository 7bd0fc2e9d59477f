package io.stockbridge.simulator.shopify;

import graphql.schema.DataFetchingEnvironment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code productSet} (upsert by id or handle; list fields such as variants, tags and metafields are
 * replaced as a whole, omitted variants are deleted) and {@code tagsAdd}/{@code tagsRemove}.
 */
final class ProductMutations {
  private ProductMutations() {}

  @SuppressWarnings("unchecked")
  static Object productSet(DataFetchingEnvironment env) {
    RequestContext context = RequestContext.of(env);
    Catalog catalog = context.shop.catalog;
    Map<String, Object> input = env.getArgument("input");
    Map<String, Object> identifier = env.getArgument("identifier");
    Catalog.Product product = null;
    String byId = identifier != null ? (String) identifier.get("id") : (String) input.get("id");
    if (byId != null) {
      product = catalog.products.get(Gid.parse("Product", byId));
      if (product == null) {
        return payload(
            null,
            List.of(
                GraphqlErrors.userError(
                    List.of("identifier", "id"),
                    "Product does not exist",
                    "PRODUCT_DOES_NOT_EXIST")));
      }
    } else if (identifier != null && identifier.get("handle") != null) {
      product = catalog.productByHandle((String) identifier.get("handle"));
    }
    if (product == null) {
      String title = (String) input.get("title");
      if (title == null || title.isBlank()) {
        return payload(
            null,
            List.of(
                GraphqlErrors.userError(
                    List.of("input", "title"), "Title can't be blank", "INVALID_PRODUCT")));
      }
      String handle =
          input.get("handle") != null
              ? (String) input.get("handle")
              : identifier != null && identifier.get("handle") != null
                  ? (String) identifier.get("handle")
                  : title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
      product = catalog.addProduct(title, handle, context.now);
    }
    apply(product, input);
    if (input.get("variants") instanceof List<?> variants) {
      replaceVariants(context, product, (List<Map<String, Object>>) variants);
    }
    product.updatedAt = context.now;
    context.emit("products/update", ProductPayloads.productWebhook(catalog, product));
    return payload(Views.product(catalog, product), List.of());
  }

  @SuppressWarnings("unchecked")
  private static void apply(Catalog.Product product, Map<String, Object> input) {
    if (input.get("title") != null) product.title = (String) input.get("title");
    if (input.get("handle") != null) product.handle = (String) input.get("handle");
    if (input.get("status") != null) product.status = (String) input.get("status");
    if (input.get("vendor") != null) product.vendor = (String) input.get("vendor");
    if (input.get("productType") != null) product.productType = (String) input.get("productType");
    if (input.get("descriptionHtml") != null)
      product.descriptionHtml = (String) input.get("descriptionHtml");
    if (input.get("tags") instanceof List<?> tags)
      product.tags = new LinkedHashSet<>((List<String>) tags);
    if (input.get("metafields") instanceof List<?> metafields) {
      product.metafields = new ArrayList<>((List<Map<String, Object>>) metafields);
    }
  }

  private static void replaceVariants(
      RequestContext context, Catalog.Product product, List<Map<String, Object>> inputs) {
    Catalog catalog = context.shop.catalog;
    Map<String, Catalog.Variant> bySku = new HashMap<>();
    Map<Long, Catalog.Variant> byId = new HashMap<>();
    for (Catalog.Variant existing : catalog.variantsOf(product)) {
      byId.put(existing.id, existing);
      if (existing.sku != null) bySku.put(existing.sku, existing);
    }
    List<Long> kept = new ArrayList<>();
    for (Map<String, Object> input : inputs) {
      String sku = (String) input.get("sku");
      Catalog.Variant variant =
          input.get("id") != null
              ? byId.get(Gid.parse("ProductVariant", input.get("id")))
              : bySku.get(sku);
      if (variant == null) {
        variant = catalog.addVariant(product, sku);
        product.variantIds.remove(variant.id);
      }
      if (sku != null) variant.sku = sku;
      if (input.get("price") != null) variant.price = String.valueOf(input.get("price"));
      if (input.get("barcode") != null) variant.barcode = (String) input.get("barcode");
      variant.title = optionTitle(input);
      kept.add(variant.id);
      if (input.get("inventoryQuantities") instanceof List<?> quantities) {
        for (Object entry : quantities) {
          Map<?, ?> q = (Map<?, ?>) entry;
          long locationId = Gid.parse("Location", q.get("locationId"));
          if (catalog.locations.containsKey(locationId)) {
            Catalog.Level level = catalog.stock(variant.inventoryItemId, locationId, context.now);
            int quantity = ((Number) q.get("quantity")).intValue();
            level.onHand += quantity - level.available;
            level.available = quantity;
            level.lastApiWrite = null;
          }
        }
      }
    }
    for (Long id : new ArrayList<>(product.variantIds)) {
      if (!kept.contains(id)) catalog.removeVariant(id);
    }
    product.variantIds = kept;
  }

  private static String optionTitle(Map<String, Object> input) {
    List<String> names = new ArrayList<>();
    if (input.get("optionValues") instanceof List<?> values) {
      for (Object value : values) {
        Object name = ((Map<?, ?>) value).get("name");
        if (name != null) names.add(name.toString());
      }
    }
    return names.isEmpty() ? "Default Title" : String.join(" / ", names);
  }

  /** {@code productDelete}: removes the product, its variants and their inventory. */
  static Object productDelete(DataFetchingEnvironment env) {
    RequestContext context = RequestContext.of(env);
    Map<String, Object> input = env.getArgument("input");
    String id = (String) input.get("id");
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("productDeleteOperation", null);
    if (!context.shop.catalog.removeProduct(Gid.parse("Product", id))) {
      payload.put("deletedProductId", null);
      payload.put(
          "userErrors",
          List.of(GraphqlErrors.userError(List.of("id"), "Product does not exist", null)));
      return payload;
    }
    context.emit("products/delete", Map.of("id", Gid.parse("Product", id)));
    payload.put("deletedProductId", id);
    payload.put("userErrors", List.of());
    return payload;
  }

  static Object tags(DataFetchingEnvironment env, boolean add) {
    RequestContext context = RequestContext.of(env);
    Catalog catalog = context.shop.catalog;
    Catalog.Product product = catalog.products.get(Gid.parse("Product", env.getArgument("id")));
    Map<String, Object> payload = new LinkedHashMap<>();
    if (product == null) {
      payload.put("node", null);
      payload.put(
          "userErrors",
          List.of(GraphqlErrors.userError(List.of("id"), "Resource does not exist", null)));
      return payload;
    }
    List<String> tags = env.getArgument("tags");
    for (String tag : tags) {
      String trimmed = tag.trim();
      if (add) product.tags.add(trimmed);
      else product.tags.remove(trimmed);
    }
    product.updatedAt = context.now;
    context.emit("products/update", ProductPayloads.productWebhook(catalog, product));
    payload.put("node", Views.product(catalog, product));
    payload.put("userErrors", List.of());
    return payload;
  }

  private static Map<String, Object> payload(Object product, List<Map<String, Object>> userErrors) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("product", product);
    payload.put("productSetOperation", null);
    payload.put("userErrors", userErrors);
    return payload;
  }
}
