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

  /**
   * A customer's email, as its hash ({@link #emailHash}): the index never holds the address itself.
   */
  public static final String EMAIL = "email";

  /** A Shopify order's id, for the events keyed by something else (a refund names its order). */
  public static final String SHOPIFY_ORDER = "shopify-order";

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

  /** The name of a customer's email {@code address}: its {@link #emailHash hash}. */
  public static EventName email(String address) {
    return new EventName(EMAIL, emailHash(address));
  }

  public static EventName shopifyOrder(String shopifyOrderId) {
    return new EventName(SHOPIFY_ORDER, shopifyOrderId);
  }

  /**
   * SHA-256 (lower-case hex) of the address trimmed and lower-cased: {@code Grace.Hopper@x} and
   * {@code grace.hopper@x } are the same customer. What the event index, the order links and the
   * contact cache keep instead of the address; null for null.
   */
  public static String emailHash(String address) {
    if (address == null) {
      return null;
    }
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(
                      address
                          .strip()
                          .toLowerCase(java.util.Locale.ROOT)
                          .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
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
