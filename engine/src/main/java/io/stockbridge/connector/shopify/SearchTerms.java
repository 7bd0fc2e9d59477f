package io.stockbridge.connector.shopify;

import java.util.Collection;
import java.util.stream.Collectors;

/** Builds Shopify search queries such as {@code sku:"A-1" OR sku:"B-2"}. */
final class SearchTerms {
  private SearchTerms() {}

  static String anyOf(String field, Collection<String> values) {
    return values.stream()
        .map(value -> field + ":\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
        .collect(Collectors.joining(" OR "));
  }

  /** The numeric part of a global id ({@code gid://shopify/InventoryItem/42} gives 42). */
  static String numericId(String gid) {
    return gid.substring(gid.lastIndexOf('/') + 1);
  }
}
