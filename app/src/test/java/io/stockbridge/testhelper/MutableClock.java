package io.stockbridge.testhelper;

import io.stockbridge.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one test clock: time passes only when a test moves it, or when code under test sleeps on it
 * (a {@link Sleeper} whose sleeps advance the clock at once and are counted), so minutes of
 * rate-limited or retried traffic take milliseconds. UTC. Thread-safe.
 */
public final class MutableClock extends Clock implements Sleeper {
  private static final long DEFAULT_START = Instant.parse("2026-11-22T00:00:00Z").toEpochMilli();

  private final AtomicLong millis;
  private final AtomicLong slept = new AtomicLong();

  public MutableClock(long startMillis) {
    this.millis = new AtomicLong(startMillis);
  }

  /** Starting at 2026-11-22T00:00:00Z. */
  public MutableClock() {
    this(DEFAULT_START);
  }

  public static MutableClock atEpochSecond(long seconds) {
    return new MutableClock(seconds * 1000);
  }

  public void advance(Duration duration) {
    millis.addAndGet(duration.toMillis());
  }

  /** Sleeping on this clock moves it forward instead of waiting. */
  @Override
  public void sleep(Duration duration) {
    long wait = Math.max(0, duration.toMillis());
    slept.addAndGet(wait);
    millis.addAndGet(wait);
  }

  /** Total time slept through {@link #sleep}. */
  public Duration slept() {
    return Duration.ofMillis(slept.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public long millis() {
    return millis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }
}
