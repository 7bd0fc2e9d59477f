package io.stockbridge.time;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: attempt n waits base × 2^(n-1), capped at max, then a random
 * half of it is taken off so that items failing together do not come back together. The one backoff
 * of the engine: the queue's failed attempts and both connectors' retries. Thread-safe when the
 * random generator is.
 */
public final class Backoff {
  private final Duration base;
  private final Duration max;
  private final RandomGenerator random;

  public Backoff(Duration base, Duration max, RandomGenerator random) {
    if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException(
          "backoff needs 0 < base <= max, got base " + base + ", max " + max);
    }
    this.base = base;
    this.max = max;
    this.random = random;
  }

  /** With {@link java.util.concurrent.ThreadLocalRandom} (each thread its own generator). */
  public Backoff(Duration base, Duration max) {
    this(base, max, java.util.concurrent.ThreadLocalRandom.current());
  }

  /** The delay before the run after failed attempt {@code attempt} (1-based). */
  public Duration delayAfter(int attempt) {
    int exponent = Math.max(0, Math.min(attempt - 1, 40));
    double full = Math.min((double) max.toMillis(), base.toMillis() * Math.pow(2, exponent));
    double jittered = full / 2 + random.nextDouble() * full / 2;
    return Duration.ofMillis(Math.max(1, (long) jittered));
  }
}
