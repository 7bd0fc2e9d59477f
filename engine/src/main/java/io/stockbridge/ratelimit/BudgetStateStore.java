package io.stockbridge.ratelimit;

/**
 * Shared, atomically updated state of one API budget (a Shopify store's cost bucket, a Brightpearl
 * account's request window). Several nodes that talk to the same store or account share one state
 * through the database; a single process may use {@link InMemoryBudgetStateStore}.
 *
 * <p>The state is an opaque string owned by the connector that writes it (for example a small JSON
 * document). Implementations are thread-safe.
 */
public interface BudgetStateStore {
  /**
   * Atomically applies {@code updater} to the current state of {@code budget} (null when the budget
   * has none yet) and stores the new state it returns. The updater may be called more than once
   * when another node changed the state concurrently, so it must have no side effects.
   *
   * @return the updater's result from the call whose state was stored
   */
  <T> T update(String budget, BudgetUpdater<T> updater);

  /** Computes the next state of a budget and a result for the caller. */
  @FunctionalInterface
  interface BudgetUpdater<T> {
    Decision<T> apply(String currentState);
  }

  /** The new state to store (null keeps the current one) and the result handed back. */
  record Decision<T>(String newState, T result) {}
}
