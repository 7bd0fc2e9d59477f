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

  /**
   * Looks the SKUs up in batches of at most {@code batchSize} (the page size, {@code first}): fewer
   * when the costs Shopify charges would put a page over its single-query maximum, and half after a
   * {@code MAX_COST_EXCEEDED} (remembered for the next lookups). A SKU with several matches pages
   * on within its batch.
   */
  private void search(
      Collection<String> skus,
      int batchSize,
      String document,
      String field,
      int nodeCost,
      Consumer<JsonNode> onNode) {
    List<String> remaining = new ArrayList<>(new LinkedHashSet<>(skus));
    String text = GraphqlDocuments.get(document);
    PageSizes sizes = client.pageSizes();
    int from = 0;
    while (from < remaining.size()) {
      int size = sizes.size(text, batchSize, n -> 2 + nodeCost * n);
      List<String> batch = remaining.subList(from, Math.min(remaining.size(), from + size));
      try {
        page(batch, text, field, nodeCost, onNode);
      } catch (ShopifyCostExceededException e) {
        if (batch.size() <= 1) {
          throw e;
        }
        sizes.tooCostly(text, batch.size());
        continue;
      }
      from += batch.size();
    }
  }

  private void page(
      List<String> batch, String document, String field, int nodeCost, Consumer<JsonNode> onNode) {
    String after = null;
    do {
      Map<String, Object> variables = new LinkedHashMap<>();
      variables.put("first", batch.size());
      variables.put("query", SearchTerms.anyOf("sku", batch));
      variables.put("after", after);
      JsonNode page =
          client
              .execute(field, document, variables, 2 + nodeCost * batch.size())
              .data()
              .path(field);
      page.path("nodes").forEach(onNode);
      JsonNode info = page.path("pageInfo");
      after = info.path("hasNextPage").asBoolean() ? info.path("endCursor").asText() : null;
    } while (after != null);
  }
}
