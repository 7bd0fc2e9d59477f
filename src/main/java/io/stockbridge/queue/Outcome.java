package io.stockbridge.queue;

import java.time.Duration;

/**
 * What a handler decided for one item. Handlers return outcomes rather than throwing for control
 * flow; an exception thrown anyway is treated as a failure and retried with backoff.
 */
public sealed interface Outcome {
  /** Finished; {@code detail} goes into the event's history (may be null). */
  record Done(String detail) implements Outcome {}

  /**
   * Run again after {@code delay} (a throttle, a dependency briefly down); counts as an attempt.
   */
  record RetryAfter(Duration delay, String reason) implements Outcome {}

  /** Park until {@code dependencyKey} is released (e.g. a product that must exist first). */
  record WaitFor(String dependencyKey, String reason) implements Outcome {}

  /** Give up now: the item goes to the dead letters with {@code reason}. */
  record Dead(String reason) implements Outcome {}

  /** Failed with an error; retried with exponential backoff until attempts run out, then dead. */
  record Failed(Throwable error) implements Outcome {}

  static Outcome done() {
    return new Done(null);
  }
}
