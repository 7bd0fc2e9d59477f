package io.stockbridge.simulator.shopify;

/**
 * How far the simulator's costs depart from Shopify's documented defaults. Shopify documents its
 * cost rules as defaults, not a contract: a field may cost more, and the {@code requestedQueryCost}
 * in each answer is the truth. {@link #DOCUMENTED} answers with the documented rules; anything else
 * raises every query's requested and actual cost to {@code ceil(documented x multiplier) +
 * surcharge}, so a client that trusts its own estimate is caught. The 1000-point single-query limit
 * applies to the raised requested cost. Immutable.
 *
 * @param multiplier factor applied to the documented cost (at least 1: costs are only raised)
 * @param surcharge points added to every query and mutation (at least 0)
 */
public record CostSettings(double multiplier, int surcharge) {
  /** Shopify's documented default costs, unchanged. */
  public static final CostSettings DOCUMENTED = new CostSettings(1.0, 0);

  public CostSettings {
    if (!(multiplier >= 1.0) || multiplier > 100) {
      throw new IllegalArgumentException(
          "cost multiplier must be within [1, 100] (costs are only raised), got " + multiplier);
    }
    if (surcharge < 0 || surcharge > 10_000) {
      throw new IllegalArgumentException(
          "cost surcharge must be within [0, 10000] points, got " + surcharge);
    }
  }

  /** Costs above every estimate: 1.5 times the documented cost plus 5 points per query. */
  public static CostSettings raised() {
    return new CostSettings(1.5, 5);
  }

  /** Whether this is the documented model. */
  public boolean documented() {
    return multiplier == 1.0 && surcharge == 0;
  }

  /** The cost Shopify charges for a query whose documented cost is {@code documented}. */
  public int apply(int documented) {
    return documented() ? documented : (int) Math.ceil(documented * multiplier) + surcharge;
  }
}
