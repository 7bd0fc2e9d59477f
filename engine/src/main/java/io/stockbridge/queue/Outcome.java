package io.stockbridge.queue;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What a handler decided for one item. Handlers return outcomes rather than throwing for control
 * flow; an exception thrown anyway goes through {@link #of(Throwable)}.
 *
 * <p>Attempts: {@link Done}, {@link Failed} and {@link Dead} spend the run's attempt; {@link
 * RetryAfter} and {@link WaitFor} give it back. A RetryAfter waits at least the queue's minimum
 * retry delay, and only so many of them count as free ({@code queue.maxRetriesWithoutProgress}):
 * beyond that it is settled as a failure, so a retry can never loop without end.
 */
public sealed interface Outcome {
  /** Finished; {@code detail} goes into the event's history (may be null). */
  record Done(String detail) implements Outcome {}

  /**
   * Run again after {@code delay} (a throttle, a dependency briefly down); spends no attempt while
   * the item's retries without progress are under the limit. A zero delay means the floor.
   */
  record RetryAfter(Duration delay, String reason) implements Outcome {
    public RetryAfter {
      delay = delay == null || delay.isNegative() ? Duration.ZERO : delay;
    }
  }

  /** Park until {@code dependencyKey} is released (e.g. a product that must exist first). */
  record WaitFor(String dependencyKey, String reason) implements Outcome {}

  /** Give up now: the item goes to the dead letters with {@code reason}. */
  record Dead(String reason) implements Outcome {}

  /** Failed with an error; retried with exponential backoff until attempts run out, then dead. */
  record Failed(Throwable error) implements Outcome {}

  static Outcome done() {
    return new Done(null);
  }

  /**
   * The one mapping from an exception to an outcome, shared by the dispatcher and every flow: a
   * {@link RetryLater} anywhere in the cause chain (a throttle or retry-later answer of either
   * connector) is a {@link RetryAfter} with its suggested delay; anything else {@link Failed}.
   */
  static Outcome of(Throwable error) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = error; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
      if (t instanceof RetryLater later) {
        return new RetryAfter(later.suggestedDelay(), ErrorChain.message(t));
      }
    }
    return new Failed(error);
  }
}
