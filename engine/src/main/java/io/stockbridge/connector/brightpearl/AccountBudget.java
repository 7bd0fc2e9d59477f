package io.stockbridge.connector.brightpearl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stockbridge.ratelimit.BudgetStateStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The connector's model of one account's request budget (200 per rolling minute), shared by every
 * node through a {@link BudgetStateStore} under the name {@code brightpearl:{account}}. The state
 * is {@code {"remaining": n, "resetAt": epochMillis, "leases": [expiry, ...]}}: requests we may
 * still send, when the window frees at least one more, and one lease per request sent by any node
 * and not yet answered (a node that dies leaves leases that expire after {@code leaseMillis}).
 *
 * <p>A reservation takes a lease and decrements {@code remaining}. An answer's {@code
 * brightpearl-requests-remaining} and {@code brightpearl-next-throttle-period} replace the figures;
 * the other open leases are subtracted, because the server may not have counted those requests yet.
 * When nothing remains, callers wait until {@code resetAt}; then one probe goes out while the
 * others wait {@value #PROBE_HOLD_MS} ms for its answer to refresh the figures. Thread-safe.
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
  private final long leaseMillis;

  /**
   * @param limit requests per rolling minute
   * @param leaseMillis how long an unanswered request keeps its slot reserved (longer than the
   *     request timeout)
   */
  public AccountBudget(
      BudgetStateStore store,
      String accountCode,
      int limit,
      InstantSource clock,
      long leaseMillis) {
    this.store = store;
    this.name = "brightpearl:" + accountCode;
    this.limit = limit;
    this.clock = clock;
    this.leaseMillis = leaseMillis;
  }

  private record State(int remaining, long resetAt, List<Long> leases) {
    static State parse(String text, int limit, long now) {
      if (text == null) {
        return new State(limit, 0, List.of());
      }
      try {
        JsonNode node = MAPPER.readTree(text);
        List<Long> leases = new ArrayList<>();
        node.path("leases")
            .forEach(
                l -> {
                  if (l.asLong() > now) {
                    leases.add(l.asLong());
                  }
                });
        return new State(
            node.path("remaining").asInt(limit), node.path("resetAt").asLong(0), leases);
      } catch (java.io.IOException e) {
        return new State(limit, 0, List.of()); // a corrupt state must not stop the account for good
      }
    }

    String render() {
      ObjectNode node =
          MAPPER.createObjectNode().put("remaining", remaining).put("resetAt", resetAt);
      ArrayNode array = node.putArray("leases");
      leases.forEach(array::add);
      return node.toString();
    }

    State withLease(long expiry) {
      List<Long> more = new ArrayList<>(leases);
      more.add(expiry);
      return new State(remaining, resetAt, more);
    }

    /** Drops the oldest open lease (the answered request's, or one as old). */
    State withoutOneLease() {
      List<Long> fewer = new ArrayList<>(leases);
      fewer.stream().min(Long::compare).ifPresent(fewer::remove);
      return new State(remaining, resetAt, fewer);
    }
  }

  /** Reserves one request; returns {@link Duration#ZERO} when reserved, else how long to wait. */
  public Duration tryReserve() {
    return store.update(
        name,
        current -> {
          long now = clock.millis();
          State state = State.parse(current, limit, now);
          long lease = now + leaseMillis;
          if (state.remaining() > 0) {
            long resetAt =
                state.remaining() == 1 && state.resetAt() <= now
                    ? now + WINDOW_MS
                    : state.resetAt();
            State next = new State(state.remaining() - 1, resetAt, state.leases()).withLease(lease);
            return new BudgetStateStore.Decision<>(next.render(), Duration.ZERO);
          }
          if (now >= state.resetAt()) {
            State next = new State(0, now + PROBE_HOLD_MS, state.leases()).withLease(lease);
            return new BudgetStateStore.Decision<>(next.render(), Duration.ZERO);
          }
          return new BudgetStateStore.Decision<>(null, Duration.ofMillis(state.resetAt() - now));
        });
  }

  /**
   * Records the answer to a reserved request: its budget headers, or nulls when it had none (no
   * answer at all, or a proxy that strips them), which only releases the request's lease.
   */
  public void answered(Integer remaining, Long nextPeriodMs) {
    store.update(
        name,
        current -> {
          long now = clock.millis();
          State state = State.parse(current, limit, now).withoutOneLease();
          if (remaining == null || nextPeriodMs == null) {
            return new BudgetStateStore.Decision<>(state.render(), null);
          }
          int free = Math.max(0, remaining - state.leases().size());
          State next = new State(free, now + nextPeriodMs, state.leases());
          return new BudgetStateStore.Decision<>(next.render(), null);
        });
  }

  /** Records a throttled answer: nothing remains for {@code wait}. */
  public void throttled(Duration wait) {
    store.update(
        name,
        current -> {
          long now = clock.millis();
          State state = State.parse(current, limit, now);
          long resetAt = Math.max(state.resetAt(), now + wait.toMillis());
          return new BudgetStateStore.Decision<>(
              new State(0, resetAt, state.leases()).render(), null);
        });
  }
}
