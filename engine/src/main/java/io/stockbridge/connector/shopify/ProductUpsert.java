package io.stockbridge.connector.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code productSet} and {@code tagsAdd}/{@code tagsRemove} calls and their answers. */
final class ProductUpsert {
  private ProductUpsert() {}

  static ProductSetResult run(ShopifyClient client, Map<String, Object> input, String handle) {
    return runWith(client, input, handle == null ? null : Map.of("handle", handle));
  }

  static ProductSetResult runWith(
      ShopifyClient client, Map<String, Object> input, Map<String, Object> identifier) {
    JsonNode payload =
        client
            .execute(
                "productSet",
                GraphqlDocuments.get("product-set"),
                variables(input, identifier),
                cost(input))
            .data()
            .path("productSet");
    return result(payload);
  }

  static Map<String, Object> variables(Map<String, Object> input, Map<String, Object> identifier) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("input", input);
    variables.put("identifier", identifier);
    return variables;
  }

  /** Reads a {@code productSet} payload (from a call or a bulk result line). */
  static ProductSetResult result(JsonNode payload) {
    List<UserError> errors = userErrors(payload.path("userErrors"));
    JsonNode product = payload.path("product");
    List<VariantRef> variants = new ArrayList<>();
    for (JsonNode node : product.path("variants").path("nodes")) {
      variants.add(
          new VariantRef(
              node.path("sku").asText(null),
              node.path("id").asText(),
              product.path("id").asText(),
              node.path("inventoryItem").path("id").asText()));
    }
    return new ProductSetResult(
        product.path("id").asText(null), product.path("handle").asText(null), variants, errors);
  }

  /** Shopify's productSet cost since 2025-10: 10 + 0.2 per variant + 0.4 per metafield. */
  static int cost(Map<String, Object> input) {
    int variants = 0;
    int metafields = size(input.get("metafields"));
    if (input.get("variants") instanceof List<?> list) {
      variants = list.size();
      for (Object variant : list) {
        if (variant instanceof Map<?, ?> map) {
          metafields += size(map.get("metafields"));
        }
      }
    }
    return (int) Math.ceil(10 + 0.2 * variants + 0.4 * metafields);
  }

  /** Deletes a product; returns Shopify's user errors. */
  static List<UserError> delete(ShopifyClient client, String productId) {
    JsonNode payload =
        client
            .execute(
                "productDelete",
                GraphqlDocuments.get("product-delete"),
                Map.of("input", Map.of("id", productId)),
                10)
            .data()
            .path("productDelete");
    return userErrors(payload.path("userErrors"));
  }

  static List<UserError> tags(
      ShopifyClient client, String document, String field, String id, List<String> tags) {
    if (tags.size() > 250) {
      throw new IllegalArgumentException("at most 250 tags per call, got " + tags.size());
    }
    JsonNode payload =
        client
            .execute(field, GraphqlDocuments.get(document), Map.of("id", id, "tags", tags), 10)
            .data()
            .path(field);
    return userErrors(payload.path("userErrors"));
  }

  static List<UserError> userErrors(JsonNode errors) {
    List<UserError> list = new ArrayList<>();
    for (JsonNode error : errors) {
      List<String> field = new ArrayList<>();
      error.path("field").forEach(f -> field.add(f.asText()));
      list.add(
          new UserError(field, error.path("message").asText(), error.path("code").asText(null)));
    }
    return list;
  }

  private static int size(Object value) {
    return value instanceof List<?> list ? list.size() : 0;
  }
}
