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
 * others wait up to {@value #PROBE_HOLD_MS} ms for its answer to refresh the figures. Waiters on
 * this node wake as soon as it records an answer that frees budget ({@link #awaitAnswer}), rather
 * than sleeping through it. Thread-safe.
 */
public final class AccountBudget {
  /**
   * How long other requests wait for a probe's answer once the window is believed to have moved.
   */
  static final long PROBE_HOLD_MS = 1000;

  /**
   * Once the window is believed to have moved, how long a request sent and not answered yet holds
   * off a new probe (its answer will refresh the figures).
   */
  static final long ANSWER_WAIT_MS = 5000;

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

  /**
   * The state: {@code leases} are [reservation number, expiry, older requests open when it was
   * reserved] of requests sent and not answered; {@code nextSeq} numbers reservations; {@code
   * appliedSeq} is the newest reservation whose answer set the figures (an older answer, arriving
   * late, is stale).
   */
  private record State(
      int remaining, long resetAt, List<long[]> leases, long nextSeq, long appliedSeq) {
    static State parse(String text, int limit, long now) {
      if (text == null) {
        return new State(limit, 0, List.of(), 1, 0);
      }
      try {
        JsonNode node = MAPPER.readTree(text);
        List<long[]> leases = new ArrayList<>();
        node.path("leases")
            .forEach(
                l -> {
                  // [seq, expiry]; a bare expiry from before reservations were numbered.
                  long seq = l.isArray() ? l.path(0).asLong() : 0;
                  long expiry = l.isArray() ? l.path(1).asLong() : l.asLong();
                  long olderOpen = l.isArray() ? l.path(2).asLong() : 0;
                  if (expiry > now) {
                    leases.add(new long[] {seq, expiry, olderOpen});
                  }
                });
        return new State(
            node.path("remaining").asInt(limit),
            node.path("resetAt").asLong(0),
            leases,
            node.path("nextSeq").asLong(1),
            node.path("appliedSeq").asLong(0));
      } catch (java.io.IOException e) {
        return new State(limit, 0, List.of(), 1, 0); // a corrupt state must not stop the account
      }
    }

    String render() {
      ObjectNode node =
          MAPPER
              .createObjectNode()
              .put("remaining", remaining)
              .put("resetAt", resetAt)
              .put("nextSeq", nextSeq)
              .put("appliedSeq", appliedSeq);
      ArrayNode array = node.putArray("leases");
      leases.forEach(l -> array.addArray().add(l[0]).add(l[1]).add(l.length > 2 ? l[2] : 0));
      return node.toString();
    }

    State with(int newRemaining, long newResetAt) {
      return new State(newRemaining, newResetAt, leases, nextSeq, appliedSeq);
    }

    /** A new lease numbered {@code nextSeq}. */
    State withLease(long expiry) {
      List<long[]> more = new ArrayList<>(leases);
      // With it: how many requests reserved before it were open then (they may arrive after it).
      more.add(new long[] {nextSeq, expiry, leases.size()});
      return new State(remaining, resetAt, more, nextSeq + 1, appliedSeq);
    }

    /** Drops lease {@code seq} (below 1: the oldest open lease, or one as old). */
    State withoutLease(long seq) {
      List<long[]> fewer = new ArrayList<>(leases);
      if (seq > 0) {
        fewer.removeIf(l -> l[0] == seq);
      } else {
        fewer.stream().min((a, b) -> Long.compare(a[1], b[1])).ifPresent(fewer::remove);
      }
      return new State(remaining, resetAt, fewer, nextSeq, appliedSeq);
    }

    /**
     * Requests reserved before {@code seq}, open when it was reserved and answered since: each may
     * have reached the server after it (sent later, answered sooner), so its figure may not count
     * them, and their leases are gone (0 when unknown).
     */
    long olderAnsweredSince(long seq) {
      long stillOpen = leases.stream().filter(l -> l[0] > 0 && l[0] < seq).count();
      return leases.stream()
          .filter(l -> l[0] == seq && l.length > 2)
          .findFirst()
          .map(l -> Math.max(0, l[2] - stillOpen))
          .orElse(0L);
    }
  }

  /**
   * A reservation: {@code delay} is zero when reserved (then {@code seq} numbers it, for {@link
   * #answered(long, Integer, Long)}), else how long to wait before trying again.
   */
  public record Reservation(Duration delay, long seq, boolean answersPending) {
    public Reservation(Duration delay, long seq) {
      this(delay, seq, false);
    }
  }

  /** Bumped by every answer or throttle recorded through this instance (this node's). */
  private final Object answersSeen = new Object();

  private long answersVersion;

  /**
   * Waits at most {@code max} for this node to record an answer that may free a request (one that
   * leaves budget or brings the next period forward): a waiter must not sleep through the answer of
   * the request that took the last slot, whose figures replace the worst-case guess. Other nodes'
   * answers are not seen here: callers bound {@code max} while requests are open.
   */
  public void awaitAnswer(Duration max) throws InterruptedException {
    long until = System.nanoTime() + max.toNanos();
    synchronized (answersSeen) {
      long seen = answersVersion;
      while (answersVersion == seen) {
        long left = until - System.nanoTime();
        if (left <= 0) {
          return;
        }
        answersSeen.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  private void signal() {
    synchronized (answersSeen) {
      answersVersion++;
      answersSeen.notifyAll();
    }
  }

  /** Reserves one request; returns {@link Duration#ZERO} when reserved, else how long to wait. */
  public Duration tryReserve() {
    return reserve().delay();
  }

  /** Reserves one request, numbered, or says how long to wait. */
  public Reservation reserve() {
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
            State next = state.with(state.remaining() - 1, resetAt).withLease(lease);
            return new BudgetStateStore.Decision<>(
                next.render(), new Reservation(Duration.ZERO, state.nextSeq()));
          }
          if (now >= state.resetAt()) {
            // A request sent lately is still open (a probe whose answer is slow, on a busy
            // node): its answer will bring the figures; a second probe now would likely find the
            // slot it took and be throttled. One open longer than ANSWER_WAIT_MS is not waited for.
            long newest =
                state.leases().stream().mapToLong(l -> l[1] - leaseMillis).max().orElse(0);
            if (newest > now - ANSWER_WAIT_MS) {
              return new BudgetStateStore.Decision<>(
                  null, new Reservation(Duration.ofMillis(PROBE_HOLD_MS), 0, true));
            }
            State next = state.with(0, now + PROBE_HOLD_MS).withLease(lease);
            return new BudgetStateStore.Decision<>(
                next.render(), new Reservation(Duration.ZERO, state.nextSeq()));
          }
          return new BudgetStateStore.Decision<>(
              null,
              new Reservation(
                  Duration.ofMillis(state.resetAt() - now), 0, !state.leases().isEmpty()));
        });
  }

  /**
   * Records the answer to a reserved request: its budget headers, or nulls when it had none (no
   * answer at all, or a proxy that strips them), which only releases the request's lease.
   */
  public void answered(Integer remaining, Long nextPeriodMs) {
    answered(0, remaining, nextPeriodMs);
  }

  /**
   * Records the answer to reservation {@code seq} (0: unknown, the oldest lease's). The server
   * counted the request when it arrived; the other requests not answered yet may have been counted
   * too or may still be on their way, so all of them are subtracted from its figure, and so are the
   * requests reserved before it, open then and answered since (sent later than it, they may have
   * reached the server after it: its figure does not count them). An answer that frees a request or
   * brings the next period forward wakes this node's waiters ({@link #awaitAnswer}). An answer to a
   * request reserved before the one whose answer last set the figures arrives late (concurrent
   * requests answer out of order): its figure is older, and it only releases its lease.
   */
  public void answered(long seq, Integer remaining, Long nextPeriodMs) {
    boolean freed =
        store.update(
            name,
            current -> {
              long now = clock.millis();
              State before = State.parse(current, limit, now);
              long answeredSince = seq > 0 ? before.olderAnsweredSince(seq) : 0;
              State state = before.withoutLease(seq);
              if (remaining == null || nextPeriodMs == null) {
                return new BudgetStateStore.Decision<>(state.render(), false);
              }
              if (seq > 0 && seq < state.appliedSeq()) {
                return new BudgetStateStore.Decision<>(state.render(), false);
              }
              // Every other open request may not have been counted yet: those reserved after this
              // one, and those reserved before it whose sending was delayed (a thread descheduled
              // between its reservation and its send), so all of them are subtracted.
              long open = state.leases().size();
              int free = (int) Math.max(0, remaining - open - answeredSince);
              long resetAt = now + nextPeriodMs;
              State next =
                  new State(
                      free,
                      resetAt,
                      state.leases(),
                      state.nextSeq(),
                      Math.max(state.appliedSeq(), seq));
              boolean frees = free > 0 && before.remaining() <= 0 || resetAt < before.resetAt();
              return new BudgetStateStore.Decision<>(next.render(), frees);
            });
    if (freed) {
      signal();
    }
  }

  /** Records a throttled answer: nothing remains for {@code wait}. */
  public void throttled(Duration wait) {
    store.update(
        name,
        current -> {
          long now = clock.millis();
          State state = State.parse(current, limit, now);
          long resetAt = Math.max(state.resetAt(), now + wait.toMillis());
          return new BudgetStateStore.Decision<>(state.with(0, resetAt).render(), null);
        });
  }
}
