package io.stockbridge.simulator.brightpearl;

import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Brightpearl's request limit: at most {@code limit} requests per account in any rolling 60 s.
 * Refused requests do not count. Thread-safe.
 */
final class RollingWindowLimiter {
  static final long WINDOW_MS = 60_000;

  /**
   * The answer for one request.
   *
   * @param allowed whether the request may run
   * @param remaining requests left in the window after this one (0 when refused)
   * @param nextPeriodMs milliseconds until the oldest counted request leaves the window
   */
  record Decision(boolean allowed, int remaining, long nextPeriodMs) {}

  private final int limit;
  private final InstantSource clock;
  private final Map<String, ArrayDeque<Long>> sentByAccount = new HashMap<>();

  RollingWindowLimiter(int limit, InstantSource clock) {
    this.limit = limit;
    this.clock = clock;
  }

  synchronized Decision acquire(String account) {
    long now = clock.millis();
    ArrayDeque<Long> sent = sentByAccount.computeIfAbsent(account, a -> new ArrayDeque<>());
    while (!sent.isEmpty() && sent.peekFirst() + WINDOW_MS <= now) {
      sent.pollFirst();
    }
    if (sent.size() >= limit) {
      return new Decision(false, 0, Math.max(1, sent.peekFirst() + WINDOW_MS - now));
    }
    sent.addLast(now);
    return new Decision(true, limit - sent.size(), Math.max(1, sent.peekFirst() + WINDOW_MS - now));
  }

  /** Forgets all counted requests (control API reset). */
  synchronized void reset() {
    sentByAccount.clear();
  }
}
