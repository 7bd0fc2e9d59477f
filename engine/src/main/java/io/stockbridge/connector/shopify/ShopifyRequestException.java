package io.stockbridge.connector.shopify;

/**
 * Shopify refused the request itself (GraphQL errors such as an invalid query or a cost over the
 * 1000-point cap, 4xx other than 429, a rejected token): retrying the same request will not help. A
 * query over the cost cap is the subtype {@link ShopifyCostExceededException}.
 */
public class ShopifyRequestException extends ShopifyException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public ShopifyRequestException(String message, int status) {
    super(message);
    this.status = status;
  }

  /** The HTTP status (200 for GraphQL errors). */
  public int status() {
    return status;
  }
}
