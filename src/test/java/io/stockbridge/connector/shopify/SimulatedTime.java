package io.stockbridge.connector.shopify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time that passes only when asked: a {@link Clock} for the simulator's buckets and the connector's
 * budget, and a {@link Sleeper} whose sleeps advance that clock at once. Lets a test run minutes of
 * rate-limited traffic in milliseconds. Thread-safe.
 */
public final class SimulatedTime extends Clock implements Sleeper {
  private final AtomicLong millis =
      new AtomicLong(Instant.parse("2026-11-22T00:00:00Z").toEpochMilli());
  private final AtomicLong slept = new AtomicLong();

  public void advance(Duration duration) {
    millis.addAndGet(duration.toMillis());
  }

  @Override
  public void sleep(Duration duration) {
    slept.addAndGet(duration.toMillis());
    advance(duration);
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
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public long millis() {
    return millis.get();
  }
}
