package io.stockbridge.event;

import io.stockbridge.BoundedKeys;

/**
 * One id an event names, by kind: a Brightpearl product id ({@link #PRODUCT}), a SKU, an order
 * name. Values are kept in their {@link BoundedKeys bounded form}, so every index row fits.
 */
public record EventName(String kind, String value) {
  /** A Brightpearl product id, in decimal. */
  public static final String PRODUCT = "product";

  /** A SKU (Shopify variants and inventory items, generic events). */
  public static final String SKU = "sku";

  /** A Shopify order's name, such as {@code #1001}. */
  public static final String ORDER = "order";

  public EventName {
    if (kind == null || kind.isBlank() || value == null) {
      throw new IllegalArgumentException("an event name has a kind and a value");
    }
    value = BoundedKeys.bounded(value);
  }

  public static EventName product(long productId) {
    return new EventName(PRODUCT, Long.toString(productId));
  }

  public static EventName sku(String sku) {
    return new EventName(SKU, sku);
  }

  public static EventName order(String name) {
    return new EventName(ORDER, name);
  }

  /** The product id this name holds, when it is a product's. */
  public java.util.OptionalLong productId() {
    if (!PRODUCT.equals(kind)) {
      return java.util.OptionalLong.empty();
    }
    try {
      return java.util.OptionalLong.of(Long.parseLong(value));
    } catch (NumberFormatException e) {
      return java.util.OptionalLong.empty();
    }
  }
}
