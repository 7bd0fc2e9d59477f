package io.stockbridge.connector.shopify;

import java.time.Duration;

/** Exponential backoff: {@code initialBackoff} doubled per failed attempt, capped at maxBackoff. */
final class Backoff {
  private Backoff() {}

  /** The wait after failed attempt number {@code attempt} (1-based). */
  static Duration after(ShopifySettings settings, int attempt) {
    long millis = settings.initialBackoff().toMillis() << Math.min(attempt - 1, 20);
    return Duration.ofMillis(Math.min(millis, settings.maxBackoff().toMillis()));
  }
}
