package io.stockbridge.config;

import java.time.Duration;

/**
 * How a node runs the queue: items per claim, idle poll interval, lease length (renewed every third
 * of it while an item runs), the most items in flight at once, and the bounds of a {@code
 * queue.Outcome.RetryAfter}: it waits at least {@code minRetryDelay}, and an item retried {@code
 * maxRetriesWithoutProgress} times without progress has its next RetryAfter settled as a failure
 * that spends an attempt (so it ends dead if it never gets further).
 */
public record QueueSettings(
    int claimBatch,
    Duration pollInterval,
    Duration lease,
    int maxInFlight,
    Duration minRetryDelay,
    int maxRetriesWithoutProgress) {
  public static final Duration DEFAULT_MIN_RETRY_DELAY = Duration.ofMillis(250);
  public static final int DEFAULT_MAX_RETRIES_WITHOUT_PROGRESS = 20;

  public QueueSettings {
    if (claimBatch < 1 || maxInFlight < 1) {
      throw new IllegalArgumentException("claimBatch and maxInFlight must be positive");
    }
    if (lease.toMillis() < 300) {
      throw new IllegalArgumentException("lease must be at least 300 ms, got " + lease);
    }
    if (minRetryDelay.toMillis() < 1) {
      throw new IllegalArgumentException(
          "minRetryDelay must be at least 1 ms (a zero-wait retry would spin), got "
              + minRetryDelay);
    }
    if (maxRetriesWithoutProgress < 0) {
      throw new IllegalArgumentException(
          "maxRetriesWithoutProgress must not be negative, got " + maxRetriesWithoutProgress);
    }
  }

  /** With the default retry bounds. */
  public QueueSettings(int claimBatch, Duration pollInterval, Duration lease, int maxInFlight) {
    this(
        claimBatch,
        pollInterval,
        lease,
        maxInFlight,
        DEFAULT_MIN_RETRY_DELAY,
        DEFAULT_MAX_RETRIES_WITHOUT_PROGRESS);
  }
}
