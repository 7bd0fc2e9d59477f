package io.stockbridge.connector.shopify;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What Shopify really charged, learned from its answers: per GraphQL document and our estimate of
 * it (which stands for the page size or input size), the last {@code requestedQueryCost} and {@code
 * actualQueryCost}. Shopify documents its cost rules as defaults only, so its figure replaces our
 * estimate for every later call:
 *
 * <ul>
 *   <li>the same document with the same estimate: Shopify's last requested cost, exactly;
 *   <li>the same document with another estimate (another page size): the estimate scaled by the
 *       highest requested/estimate ratio seen for that document;
 *   <li>a document never answered yet: the estimate scaled by the highest ratio seen on any large
 *       document ({@value #LARGE} points or more), never below the estimate. A small document's
 *       ratio says little about a large one (a fixed surcharge per query would dominate it).
 * </ul>
 *
 * Kept per client (per store and process); a new process learns again from its first answers.
 * Thread-safe.
 */
final class LearnedCosts {
  /** Estimates from this size on count as large documents for the prior of unseen documents. */
  static final int LARGE = 100;

  /** Distinct estimates remembered per document (memory bound; beyond, only the ratio). */
  static final int MAX_ESTIMATES = 1000;

  /**
   * Shopify's figures for one call: what it reserved, and what it kept (null when it did not run).
   */
  record Observed(int requested, Integer actual) {}

  private static final class Document {
    final Map<Integer, Observed> byEstimate = new ConcurrentHashMap<>();
    volatile double highestRatio;
  }

  private final Map<String, Document> documents = new ConcurrentHashMap<>();
  private volatile double largePrior = 1.0;

  /** The cost to reserve for {@code document} where our own estimate is {@code estimate}. */
  int requested(String document, int estimate) {
    Document known = documents.get(document);
    if (known != null) {
      Observed exact = known.byEstimate.get(estimate);
      if (exact != null) {
        return exact.requested();
      }
      if (known.highestRatio > 0) {
        return scaled(estimate, known.highestRatio);
      }
    }
    return scaled(estimate, Math.max(1.0, largePrior));
  }

  /** The last answer for exactly this document and estimate, or null. */
  Observed last(String document, int estimate) {
    Document known = documents.get(document);
    return known == null ? null : known.byEstimate.get(estimate);
  }

  /**
   * Records Shopify's figures for one answer (THROTTLED answers have no actual cost).
   *
   * @return whether this is the first answer showing the document costs more than estimated
   */
  boolean observe(String document, int estimate, int requested, Integer actual) {
    if (estimate <= 0 || requested <= 0) {
      return false;
    }
    Document known = documents.computeIfAbsent(document, d -> new Document());
    if (known.byEstimate.size() < MAX_ESTIMATES || known.byEstimate.containsKey(estimate)) {
      known.byEstimate.put(estimate, new Observed(requested, actual));
    }
    double ratio = requested / (double) estimate;
    synchronized (this) {
      boolean firstAbove = ratio > 1 && known.highestRatio <= 1;
      known.highestRatio = Math.max(known.highestRatio, ratio);
      if (estimate >= LARGE) {
        largePrior = Math.max(largePrior, ratio);
      }
      return firstAbove;
    }
  }

  private static int scaled(int estimate, double ratio) {
    return (int) Math.ceil(estimate * ratio);
  }
}
