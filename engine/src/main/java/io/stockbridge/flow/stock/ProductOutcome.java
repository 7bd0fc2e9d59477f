package io.stockbridge.flow.stock;

import java.time.Duration;

/** What one flush did for one product on one store; items combine these into their outcome. */
sealed interface ProductOutcome {
  /** Written (or, in shadow mode, recorded); {@code detail} says what. */
  record Pushed(String detail) implements ProductOutcome {}

  /** Nothing to write: every level already holds what we last pushed, or nothing applies. */
  record Unchanged(String detail) implements ProductOutcome {}

  /** The product is not on the store yet; its creation was triggered. */
  record Waiting(String dependencyKey, String reason) implements ProductOutcome {}

  /** Try again shortly (an id gone stale, a compare-and-swap lost). */
  record Retry(Duration delay, String reason) implements ProductOutcome {}

  /** The store refused a value; retrying will not help. */
  record Rejected(String reason) implements ProductOutcome {}

  /** The flush failed (an API down, out of retries): retried with backoff. */
  record Error(Throwable cause) implements ProductOutcome {}
}
