package io.stockbridge.fanout;

import java.util.List;

/**
 * A delivery as the admin API shows it, with its attempts (oldest first) when asked for one
 * delivery. {@code state}: pending, delivered or dead.
 */
public record DeliveryView(
    long id,
    String subscriber,
    long eventId,
    String type,
    String key,
    String state,
    int attempts,
    long nextAt,
    long createdAt,
    Long deliveredAt,
    String lastError,
    List<Attempt> attemptLog) {

  /** One recorded attempt. */
  public record Attempt(
      long at, boolean success, Integer status, long latencyMillis, String excerpt) {}
}
