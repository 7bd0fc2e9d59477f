package io.stockbridge.connector.brightpearl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockbridge.ratelimit.BudgetStateStore;
import java.time.Duration;
import java.time.InstantSource;

/**
 * The connector's model of one account's request budget (200 per rolling minute), shared by every
 * node through a {@link BudgetStateStore} under the name {@code brightpearl:{account}}. The state
 * is {@code {"remaining": n, "resetAt": epochMillis}}: requests we may still send, and when the
 * window frees at least one more. A reservation decrements {@code remaining}; every answer resets
 * it from {@code brightpearl-requests-remaining} and {@code brightpearl-next-throttle-period}. When
 * nothing remains, the caller waits until {@code resetAt}; then one probe request goes out (the
 * others wait {@value #PROBE_HOLD_MS} ms for its answer to refresh the figures). Thread-safe.
 */
public final class AccountBudget {
  /**
   * How long other requests wait for a probe's answer once the window is believed to have moved.
   */
  static final long PROBE_HOLD_MS = 1000;

  /** Worst case when the server sends no headers: a full window until a slot frees. */
  static final long WINDOW_MS = 60_000;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final BudgetStateStore store;
  private final String name;
  private final int limit;
  private final InstantSource clock;

  public AccountBudget(BudgetStateStore store, String accountCode, int limit, InstantSource clock) {
    this.store = store;
    this.name = "brightpearl:" + accountCode;
    this.limit = limit;
    this.clock = clock;
  }

  private record State(int remaining, long resetAt) {
    static State parse(String text, int limit) {
      if (text == null) {
        return new State(limit, 0);
      }
      try {
        JsonNode node = MAPPER.readTree(text);
        return new State(node.path("remaining").asInt(limit), node.path("resetAt").asLong(0));
      } catch (java.io.IOException e) {
        return new State(limit, 0); // a corrupt state must not stop the account for good
      }
    }

    String render() {
      return MAPPER
          .createObjectNode()
          .put("remaining", remaining)
          .put("resetAt", resetAt)
          .toString();
    }
  }

  /** Reserves one request; returns {@link Duration#ZERO} when reserved, else how long to wait. */
  public Duration tryReserve() {
    return store.update(
        name,
        current -> {
          long now = clock.millis();
          State state = State.parse(current, limit);
          if (state.remaining() > 0) {
            long resetAt =
                state.remaining() == 1 && state.resetAt() <= now
                    ? now + WINDOW_MS
                    : state.resetAt();
            return new BudgetStateStore.Decision<>(
                new State(state.remaining() - 1, resetAt).render(), Duration.ZERO);
          }
          if (now >= state.resetAt()) {
            return new BudgetStateStore.Decision<>(
                new State(0, now + PROBE_HOLD_MS).render(), Duration.ZERO);
          }
          return new BudgetStateStore.Decision<>(null, Duration.ofMillis(state.resetAt() - now));
        });
  }

  /**
   * Records an answer's budget headers. {@code othersInFlight} requests of this process were sent
   * but not yet answered; the server may not have counted them yet, so they are kept reserved.
   */
  public void observe(int remaining, long nextPeriodMs, int othersInFlight) {
    store.update(
        name,
        current -> {
          long now = clock.millis();
          State state = new State(Math.max(0, remaining - othersInFlight), now + nextPeriodMs);
          return new BudgetStateStore.Decision<>(state.render(), null);
        });
  }

  /** Records a throttled answer: nothing remains for {@code wait}. */
  public void throttled(Duration wait) {
    store.update(
        name,
        current -> {
          long now = clock.millis();
          State state = State.parse(current, limit);
          long resetAt = Math.max(state.resetAt(), now + wait.toMillis());
          return new BudgetStateStore.Decision<>(new State(0, resetAt).render(), null);
        });
  }
}
