package io.stockbridge.connector.shopify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockbridge.ratelimit.BudgetStateStore;
import java.time.Clock;
import java.time.Duration;

/**
 * The client-side model of one store's cost bucket, kept in a {@link BudgetStateStore} so that all
 * nodes talking to the store spend one budget. A request first reserves its requested cost (the
 * model may go negative: that is a queue of reservations) and waits until the bucket would hold it;
 * every answer's {@code throttleStatus} then corrects the model (capacity, restore rate, and
 * availability: never above what Shopify reports, as another app or node may have spent points).
 * Thread-safe.
 */
final class CostBudget {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Stored state. Until the first answer, assume the smallest bucket Shopify ever had (1000 points
   * restored at 50/s) so a cold start cannot throttle itself.
   */
  record State(double available, double capacity, double restoreRate, long updatedAtMillis) {
    static State initial(long now) {
      return new State(1000, 1000, 50, now);
    }

    State at(long now) {
      double restored = Math.max(0, now - updatedAtMillis) * restoreRate / 1000.0;
      return new State(
          Math.min(capacity, available + restored),
          capacity,
          restoreRate,
          Math.max(now, updatedAtMillis));
    }
  }

  private final BudgetStateStore store;
  private final String name;
  private final Clock clock;

  CostBudget(BudgetStateStore store, String name, Clock clock) {
    this.store = store;
    this.name = name;
    this.clock = clock;
  }

  /**
   * Reserves {@code cost} points; returns how long to wait before sending (zero if it fits now).
   */
  Duration reserve(double cost) {
    long now = clock.millis();
    return store.update(
        name,
        current -> {
          State state = parse(current, now).at(now);
          double shortfall = cost - state.available();
          State next =
              new State(state.available() - cost, state.capacity(), state.restoreRate(), now);
          long waitMillis =
              shortfall <= 0 ? 0 : (long) Math.ceil(shortfall * 1000 / state.restoreRate());
          return new BudgetStateStore.Decision<>(write(next), Duration.ofMillis(waitMillis));
        });
  }

  /**
   * Corrects the model from an answer: {@code refund} points come back (requested minus actual, or
   * the whole reservation when Shopify did not run the query), then availability is capped by what
   * Shopify reported.
   */
  void settle(double refund, double capacity, double currentlyAvailable, double restoreRate) {
    long now = clock.millis();
    store.update(
        name,
        current -> {
          State state = parse(current, now).at(now);
          double available = Math.min(state.available() + refund, currentlyAvailable);
          return new BudgetStateStore.Decision<>(
              write(new State(available, capacity, restoreRate, now)), null);
        });
  }

  /** Gives back a reservation that never reached Shopify. */
  void release(double cost) {
    long now = clock.millis();
    store.update(
        name,
        current -> {
          State state = parse(current, now).at(now);
          State next =
              new State(
                  Math.min(state.capacity(), state.available() + cost),
                  state.capacity(),
                  state.restoreRate(),
                  now);
          return new BudgetStateStore.Decision<>(write(next), null);
        });
  }

  /** The current model (for diagnostics and tests). */
  State snapshot() {
    long now = clock.millis();
    return store.update(
        name, current -> new BudgetStateStore.Decision<>(null, parse(current, now).at(now)));
  }

  private static State parse(String json, long now) {
    if (json == null) {
      return State.initial(now);
    }
    try {
      return JSON.readValue(json, State.class);
    } catch (JsonProcessingException e) {
      return State.initial(now);
    }
  }

  private static String write(State state) {
    try {
      return JSON.writeValueAsString(state);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
