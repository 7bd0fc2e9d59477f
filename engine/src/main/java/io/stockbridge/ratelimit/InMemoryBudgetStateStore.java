package io.stockbridge.ratelimit;

import java.util.concurrent.ConcurrentHashMap;

/** A {@link BudgetStateStore} for one process: states live in memory. Thread-safe. */
public final class InMemoryBudgetStateStore implements BudgetStateStore {
  private final ConcurrentHashMap<String, String> states = new ConcurrentHashMap<>();

  @Override
  public <T> T update(String budget, BudgetUpdater<T> updater) {
    @SuppressWarnings("unchecked")
    T[] result = (T[]) new Object[1];
    states.compute(
        budget,
        (name, current) -> {
          Decision<T> decision = updater.apply(current);
          result[0] = decision.result();
          return decision.newState() == null ? current : decision.newState();
        });
    return result[0];
  }
}
