package io.stockbridge.time;

import java.time.Duration;

/**
 * Passes time: the engine's only way to wait a given duration, so tests can pass one that moves a
 * {@code MutableClock} instead. {@link #SYSTEM} sleeps the calling thread; a zero or negative
 * duration returns at once.
 */
@FunctionalInterface
public interface Sleeper {
  Sleeper SYSTEM = duration -> Thread.sleep(Math.max(0, duration.toMillis()));

  void sleep(Duration duration) throws InterruptedException;
}
