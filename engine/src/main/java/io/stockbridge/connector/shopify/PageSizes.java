package io.stockbridge.connector.shopify;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/**
 * Page sizes that fit Shopify's single-query maximum of {@value #MAX_QUERY_COST} requested points,
 * per GraphQL document. A page is sized down before sending when the costs learned from Shopify's
 * answers say the wanted size would be over the maximum, and halved (and remembered for the next
 * calls of that document) when Shopify answers {@code MAX_COST_EXCEEDED} anyway. Kept per client.
 * Thread-safe.
 */
final class PageSizes {
  /** Shopify's single-query maximum of requested points. */
  static final int MAX_QUERY_COST = 1000;

  private final LearnedCosts costs;
  private final Map<String, Integer> ceilings = new ConcurrentHashMap<>();

  PageSizes(LearnedCosts costs) {
    this.costs = costs;
  }

  /**
   * The page size to ask for: at most {@code wanted} and the size remembered for {@code document},
   * halved until its expected cost ({@code estimate} of the size, corrected by what Shopify
   * charged) fits the maximum; at least 1.
   */
  int size(String document, int wanted, IntUnaryOperator estimate) {
    int size = Math.max(1, Math.min(wanted, ceilings.getOrDefault(document, wanted)));
    while (size > 1 && costs.requested(document, estimate.applyAsInt(size)) > MAX_QUERY_COST) {
      size = Math.max(1, size / 2);
    }
    return size;
  }

  /** Shopify refused {@code size} as too costly: later calls of {@code document} ask for half. */
  void tooCostly(String document, int size) {
    ceilings.merge(document, Math.max(1, size / 2), Math::min);
  }

  /**
   * Calls {@code page} with the page size to ask for, halving it after each {@code
   * MAX_COST_EXCEEDED} until Shopify accepts (a single item over the maximum is rethrown).
   */
  <T> T fitted(String document, int wanted, IntUnaryOperator estimate, IntFunction<T> page) {
    while (true) {
      int size = size(document, wanted, estimate);
      try {
        return page.apply(size);
      } catch (ShopifyCostExceededException e) {
        if (size <= 1) {
          throw e;
        }
        tooCostly(document, size);
      }
    }
  }
}
