package io.stockbridge.connector.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Finds variants or inventory items by many SKUs at once: batches of SKUs joined with {@code OR} in
 * one search query, paged when a SKU has several matches. Thread-safe.
 */
final class SkuLookup {
  /** SKUs per {@code productVariants} query: 2 + 100 x 3 = 302 points. */
  static final int VARIANT_BATCH = 100;

  /** SKUs per {@code inventoryItems} query: 2 + 250 x 1 = 252 points. */
  static final int ITEM_BATCH = 250;

  private final ShopifyClient client;

  SkuLookup(ShopifyClient client) {
    this.client = client;
  }

  Map<String, VariantRef> variants(Collection<String> skus) {
    Map<String, VariantRef> found = new LinkedHashMap<>();
    search(
        skus,
        VARIANT_BATCH,
        "find-variants-by-sku",
        "productVariants",
        3,
        node -> {
          String sku = node.path("sku").asText();
          found.putIfAbsent(
              sku,
              new VariantRef(
                  sku,
                  node.path("id").asText(),
                  node.path("product").path("id").asText(),
                  node.path("inventoryItem").path("id").asText()));
        });
    return found;
  }

  Map<String, String> inventoryItems(Collection<String> skus) {
    Map<String, String> found = new LinkedHashMap<>();
    search(
        skus,
        ITEM_BATCH,
        "find-inventory-items-by-sku",
        "inventoryItems",
        1,
        node -> found.putIfAbsent(node.path("sku").asText(), node.path("id").asText()));
    return found;
  }

  private void search(
      Collection<String> skus,
      int batchSize,
      String document,
      String field,
      int nodeCost,
      Consumer<JsonNode> onNode) {
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(skus));
    for (List<String> batch : ShopifyConnector.batches(distinct, batchSize)) {
      String after = null;
      do {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("first", batch.size());
        variables.put("query", SearchTerms.anyOf("sku", batch));
        variables.put("after", after);
        JsonNode page =
            client
                .execute(
                    field, GraphqlDocuments.get(document), variables, 2 + nodeCost * batch.size())
                .data()
                .path(field);
        page.path("nodes").forEach(onNode);
        JsonNode info = page.path("pageInfo");
        after = info.path("hasNextPage").asBoolean() ? info.path("endCursor").asText() : null;
      } while (after != null);
    }
  }
}
