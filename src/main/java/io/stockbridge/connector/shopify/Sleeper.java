package io.stockbridge.connector.shopify;

import java.time.Duration;

/** Waits: the connector's only way to pass time, so tests can count or shorten waits. */
@FunctionalInterface
public interface Sleeper {
  Sleeper SYSTEM = duration -> Thread.sleep(Math.max(0, duration.toMillis()));

  void sleep(Duration duration) throws InterruptedException;
}
