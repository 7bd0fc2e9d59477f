package io.stockbridge.queue;

import java.time.Duration;

/**
 * Implemented by exceptions that mean "the work is intact, come back later": a throttle, a
 * retry-later answer, a dependency briefly down. {@link Outcome#of(Throwable)} turns one anywhere
 * in a cause chain into a {@link Outcome.RetryAfter}, which spends no attempt.
 */
public interface RetryLater {
  /** When to come back, as the dependency suggested; zero or negative means it did not say. */
  Duration suggestedDelay();
}
