package io.stockbridge.simulator.shopify;

import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/**
 * The simulator's fault injection: random faults by {@link FaultSettings}, deterministic "fail the
 * next N requests with this kind" counts for tests, and costs above the documented ones ({@link
 * CostSettings}). {@link #clear()} removes all three. Thread-safe.
 */
public final class Faults {
  private volatile FaultSettings settings = FaultSettings.NONE;
  private volatile CostSettings costs = CostSettings.DOCUMENTED;
  private final Map<FaultKind, Integer> pending = new EnumMap<>(FaultKind.class);
  private final Random random;

  Faults(long seed) {
    this.random = new Random(seed);
  }

  public FaultSettings settings() {
    return settings;
  }

  public void set(FaultSettings settings) {
    this.settings = settings;
  }

  /** How the simulator's costs depart from the documented ones (see {@link CostSettings}). */
  public CostSettings costs() {
    return costs;
  }

  public void setCosts(CostSettings costs) {
    this.costs = java.util.Objects.requireNonNull(costs, "costs");
  }

  /** Makes the next {@code count} GraphQL requests fail with {@code kind}. */
  public synchronized void failNext(FaultKind kind, int count) {
    pending.merge(kind, count, Integer::sum);
  }

  /** Removes all faults. */
  public synchronized void clear() {
    pending.clear();
    settings = FaultSettings.NONE;
    costs = CostSettings.DOCUMENTED;
  }

  /** Consumes one pending fault of {@code kind} or draws one at {@code rate}. */
  synchronized boolean fires(FaultKind kind, double rate) {
    Integer count = pending.get(kind);
    if (count != null && count > 0) {
      pending.put(kind, count - 1);
      return true;
    }
    return rate > 0 && random.nextDouble() < rate;
  }

  synchronized boolean draw(double rate) {
    return rate > 0 && random.nextDouble() < rate;
  }

  synchronized long latencyMillis() {
    FaultSettings current = settings;
    long spread = current.latencyMaxMillis() - current.latencyMinMillis();
    return current.latencyMinMillis() + (spread > 0 ? (long) (random.nextDouble() * spread) : 0);
  }
}
