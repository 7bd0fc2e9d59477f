package io.stockbridge.connector.shopify;

/**
 * Shopify refused a query whose requested cost is over its single-query maximum ({@code
 * MAX_COST_EXCEEDED}, 1000 points): nothing ran and nothing was charged. The same query will be
 * refused again; a paged read asks for a smaller page instead (see {@link PageSizes}).
 */
public final class ShopifyCostExceededException extends ShopifyRequestException {
  private static final long serialVersionUID = 1L;
  private final int requestedCost;
  private final int maxCost;

  public ShopifyCostExceededException(String message, int requestedCost, int maxCost) {
    super(message, 200);
    this.requestedCost = requestedCost;
    this.maxCost = maxCost;
  }

  /** Shopify's requested cost of the refused query. */
  public int requestedCost() {
    return requestedCost;
  }

  /** The single-query maximum Shopify applied (1000). */
  public int maxCost() {
    return maxCost;
  }
}
