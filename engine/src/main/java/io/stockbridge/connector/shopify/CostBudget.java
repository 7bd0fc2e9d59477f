package io.stockbridge.connector.shopify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockbridge.ratelimit.BudgetStateStore;
import java.time.Clock;
import java.time.Duration;

/**
 * The client-side model of one store's cost bucket, kept in a {@link BudgetStateStore} so that all
 * nodes talking to the store spend one budget.
 *
 * <p>{@code available} is the bucket as Shopify last reported it, restored over time, minus every
 * reservation not yet answered ({@code inFlight}). A request reserves its requested cost first (the
 * model may go negative: a queue of reservations) and waits until the bucket would hold it. Each
 * answer's {@code throttleStatus} resets the model: {@code available = currentlyAvailable - (other
 * reservations still in flight)}, so another app's spending is seen at once and a too cautious
 * start is corrected at once. Reservations of a node that died are forgotten after {@link
 * #IN_FLIGHT_EXPIRY_MILLIS} of silence. Thread-safe.
 */
final class CostBudget {
  static final long IN_FLIGHT_EXPIRY_MILLIS = 60_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Stored state, points and points per second. Until the first answer, assume the smallest bucket
   * Shopify ever had (1000 points restored at 50/s) so a cold start cannot throttle itself.
   */
  record State(
      double available,
      double capacity,
      double restoreRate,
      double inFlight,
      long updatedAtMillis) {
    static State initial(long now) {
      return new State(1000, 1000, 50, 0, now);
    }

    State at(long now) {
      long elapsed = Math.max(0, now - updatedAtMillis);
      double restored = elapsed * restoreRate / 1000.0;
      double pending = elapsed > IN_FLIGHT_EXPIRY_MILLIS ? 0 : inFlight;
      double ceiling = capacity - pending;
      return new State(
          Math.min(ceiling, available + restored),
          capacity,
          restoreRate,
          pending,
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
              new State(
                  state.available() - cost,
                  state.capacity(),
                  state.restoreRate(),
                  state.inFlight() + cost,
                  now);
          // A stored rate of 0 (never written by this version) must not mean an endless wait.
          double rate =
              state.restoreRate() > 0 ? state.restoreRate() : State.initial(now).restoreRate();
          long waitMillis = shortfall <= 0 ? 0 : (long) Math.ceil(shortfall * 1000 / rate);
          return new BudgetStateStore.Decision<>(write(next), Duration.ofMillis(waitMillis));
        });
  }

  /**
   * Ends the reservation {@code reserved} with Shopify's report of the bucket after that request.
   */
  void settle(double reserved, double capacity, double currentlyAvailable, double restoreRate) {
    long now = clock.millis();
    store.update(
        name,
        current -> {
          State state = parse(current, now).at(now);
          double others = Math.max(0, state.inFlight() - reserved);
          State next = new State(currentlyAvailable - others, capacity, restoreRate, others, now);
          return new BudgetStateStore.Decision<>(write(next), null);
        });
  }

  /** Gives back a reservation that never reached Shopify (connection refused, 5xx, 429). */
  void release(double cost) {
    end(cost, cost);
  }

  /** Ends a reservation whose request may have run (a timeout): its points stay spent. */
  void abandon(double cost) {
    end(cost, 0);
  }

  private void end(double reserved, double refund) {
    long now = clock.millis();
    store.update(
        name,
        current -> {
          State state = parse(current, now).at(now);
          double others = Math.max(0, state.inFlight() - reserved);
          State next =
              new State(
                  Math.min(state.capacity() - others, state.available() + refund),
                  state.capacity(),
                  state.restoreRate(),
                  others,
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
