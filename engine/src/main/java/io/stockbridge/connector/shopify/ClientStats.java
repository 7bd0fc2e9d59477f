package io.stockbridge.connector.shopify;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one {@link ShopifyClient} saw: HTTP calls, THROTTLED answers, retries by cause, time spent
 * waiting for the budget, cost points (Shopify's requested and actual figures), queries refused for
 * their cost, calls given up. Thread-safe.
 */
public final class ClientStats {
  final AtomicLong calls = new AtomicLong();
  final AtomicLong throttled = new AtomicLong();
  final AtomicLong retries = new AtomicLong();
  final AtomicLong serverErrors = new AtomicLong();
  final AtomicLong timeouts = new AtomicLong();
  final AtomicLong malformed = new AtomicLong();
  final AtomicLong budgetWaitMillis = new AtomicLong();
  final AtomicLong costSpent = new AtomicLong();
  final AtomicLong costRequested = new AtomicLong();
  final AtomicLong costExceeded = new AtomicLong();
  final AtomicLong gaveUp = new AtomicLong();

  public long calls() {
    return calls.get();
  }

  public long throttled() {
    return throttled.get();
  }

  public long retries() {
    return retries.get();
  }

  /** 5xx answers and timeouts: calls that found Shopify failing. */
  public long failures() {
    return serverErrors.get() + timeouts.get();
  }

  public long budgetWaitMillis() {
    return budgetWaitMillis.get();
  }

  public long costSpent() {
    return costSpent.get();
  }

  /** Queries Shopify refused as over its single-query maximum ({@code MAX_COST_EXCEEDED}). */
  public long costExceeded() {
    return costExceeded.get();
  }

  /** Calls that ran out of attempts and ended in a retry-later. */
  public long gaveUp() {
    return gaveUp.get();
  }

  public Map<String, Long> snapshot() {
    Map<String, Long> snapshot = new LinkedHashMap<>();
    snapshot.put("calls", calls.get());
    snapshot.put("throttled", throttled.get());
    snapshot.put("retries", retries.get());
    snapshot.put("server_errors", serverErrors.get());
    snapshot.put("timeouts", timeouts.get());
    snapshot.put("malformed", malformed.get());
    snapshot.put("budget_wait_millis", budgetWaitMillis.get());
    snapshot.put("cost_spent", costSpent.get());
    snapshot.put("cost_requested", costRequested.get());
    snapshot.put("cost_exceeded", costExceeded.get());
    snapshot.put("gave_up", gaveUp.get());
    return snapshot;
  }
}
