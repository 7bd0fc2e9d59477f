package io.stockbridge.fanout;

import io.stockbridge.time.Sleeper;
import java.time.Duration;

/**
 * A token bucket of {@code perSecond} tokens (burst: one second's worth); 0 means unlimited. {@link
 * #acquire} waits for a token in steps of at least 1 ms. Thread-safe.
 */
public final class RateLimiter {
  private final double perSecond;
  private final Sleeper sleeper;
  private double tokens;
  private long lastNanos;

  public RateLimiter(long perSecond, Sleeper sleeper) {
    this.perSecond = perSecond;
    this.sleeper = sleeper;
    this.tokens = perSecond;
    this.lastNanos = System.nanoTime();
  }

  public void acquire() throws InterruptedException {
    if (perSecond <= 0) {
      return;
    }
    while (true) {
      long waitNanos;
      synchronized (this) {
        long now = System.nanoTime();
        tokens = Math.min(perSecond, tokens + (now - lastNanos) / 1e9 * perSecond);
        lastNanos = now;
        if (tokens >= 1) {
          tokens -= 1;
          return;
        }
        waitNanos = (long) ((1 - tokens) / perSecond * 1e9);
      }
      sleeper.sleep(Duration.ofNanos(Math.max(1_000_000, waitNanos)));
    }
  }
}
