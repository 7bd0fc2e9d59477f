package io.stockbridge.connector.shopify;

import java.util.List;

/**
 * The answer of {@code productSet}: the product id and its variants as they now are (null and empty
 * when {@code userErrors} is not empty).
 */
public record ProductSetResult(
    String productId, String handle, List<VariantRef> variants, List<UserError> userErrors) {
  public boolean ok() {
    return userErrors.isEmpty();
  }
}
