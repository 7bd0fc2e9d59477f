package io.stockbridge.queue;

import java.time.Duration;

/**
 * How a node runs the queue: items per claim, idle poll interval, lease length (renewed every third
 * of it while an item runs), the most items in flight at once.
 */
public record QueueSettings(
    int claimBatch, Duration pollInterval, Duration lease, int maxInFlight) {
  public QueueSettings {
    if (claimBatch < 1 || maxInFlight < 1) {
      throw new IllegalArgumentException("claimBatch and maxInFlight must be positive");
    }
    if (lease.toMillis() < 300) {
      throw new IllegalArgumentException("lease must be at least 300 ms, got " + lease);
    }
  }
}
