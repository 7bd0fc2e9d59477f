package io.stockbridge.simulator.brightpearl;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand; also a sleeper that advances it. Thread-safe. */
public final class ManualClock implements InstantSource {
  private final AtomicLong millis =
      new AtomicLong(Instant.parse("2026-11-22T00:00:00Z").toEpochMilli());

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public long millis() {
    return millis.get();
  }

  public void advance(Duration duration) {
    millis.addAndGet(duration.toMillis());
  }

  /** Sleeping on this clock moves it forward instead of waiting (for connectors under test). */
  public void sleep(Duration duration) {
    advance(duration);
  }
}
