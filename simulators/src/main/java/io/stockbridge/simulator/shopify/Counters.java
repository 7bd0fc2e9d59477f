package io.stockbridge.simulator.shopify;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the simulator observed, for tests and benchmarks: GraphQL calls, cost points (requested and
 * actually spent), THROTTLED answers, injected faults, webhook deliveries, calls per root field.
 * Thread-safe.
 */
public final class Counters {
  private final Map<String, LongAdder> totals = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> perOperation = new ConcurrentHashMap<>();

  void add(String name, long amount) {
    totals.computeIfAbsent(name, n -> new LongAdder()).add(amount);
  }

  void operation(String rootField) {
    perOperation.computeIfAbsent(rootField, n -> new LongAdder()).increment();
  }

  /**
   * A counter by name ({@code calls}, {@code throttled}, {@code cost_spent}...), 0 if never set.
   */
  public long get(String name) {
    LongAdder adder = totals.get(name);
    return adder == null ? 0 : adder.sum();
  }

  /** Calls whose first root field is {@code rootField}. */
  public long callsOf(String rootField) {
    LongAdder adder = perOperation.get(rootField);
    return adder == null ? 0 : adder.sum();
  }

  /** All counters plus {@code operations} (calls per root field), sorted by name. */
  public Map<String, Object> snapshot() {
    Map<String, Object> snapshot = new LinkedHashMap<>();
    new TreeMap<>(totals).forEach((name, adder) -> snapshot.put(name, adder.sum()));
    Map<String, Long> operations = new TreeMap<>();
    perOperation.forEach((name, adder) -> operations.put(name, adder.sum()));
    snapshot.put("operations", operations);
    return snapshot;
  }

  public void reset() {
    totals.clear();
    perOperation.clear();
  }
}
