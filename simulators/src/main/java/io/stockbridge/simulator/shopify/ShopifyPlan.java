package io.stockbridge.simulator.shopify;

/**
 * A Shopify plan's GraphQL Admin rate limit: restore rate in cost points per second; the bucket
 * holds 20 seconds of restore (as seen in real responses).
 */
public enum ShopifyPlan {
  STANDARD(100),
  ADVANCED(200),
  PLUS(1000),
  ENTERPRISE(2000);

  private final int restoreRate;

  ShopifyPlan(int restoreRate) {
    this.restoreRate = restoreRate;
  }

  /** Points restored per second. */
  public int restoreRate() {
    return restoreRate;
  }

  /** Bucket capacity in points. */
  public int bucketSize() {
    return restoreRate * 20;
  }
}
