package io.stockbridge.connector.brightpearl;

import java.time.Duration;

/**
 * Waits for a duration. Production uses {@link #SYSTEM}; tests pass one that advances a settable
 * clock, so a minute-long budget wait takes no real time.
 */
@FunctionalInterface
public interface Sleeper {
  Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
