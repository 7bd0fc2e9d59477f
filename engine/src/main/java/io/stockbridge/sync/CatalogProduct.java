package io.stockbridge.sync;

import java.util.List;

/**
 * What we know of a warehouse product that rarely changes: its Brightpearl id, SKU, the tags our
 * rules give it (safety stock by tag) and its category ids (a renamed category re-tags it).
 */
public record CatalogProduct(
    long productId, String sku, List<String> tags, List<Long> categoryIds) {
  public CatalogProduct {
    tags = List.copyOf(tags);
    categoryIds = List.copyOf(categoryIds);
  }
}
