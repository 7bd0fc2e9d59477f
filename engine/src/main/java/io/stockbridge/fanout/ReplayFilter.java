package io.stockbridge.fanout;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which deliveries of one subscriber a replay sends again: by state (null: delivered and dead),
 * event type, store, key pattern and creation time ({@code since} inclusive, {@code until}
 * exclusive; null: unbounded).
 */
public record ReplayFilter(
    String state, String type, String store, Optional<Pattern> keyPattern, Long since, Long until) {
  public static ReplayFilter all() {
    return new ReplayFilter(null, null, null, Optional.empty(), null, null);
  }
}
