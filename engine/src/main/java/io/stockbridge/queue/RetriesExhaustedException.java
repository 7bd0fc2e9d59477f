package io.stockbridge.queue;

/**
 * Recorded as the error of an item whose retry-after came once too often: it was retried {@code
 * queue.maxRetriesWithoutProgress} times without progress, so this run spends an attempt.
 */
public final class RetriesExhaustedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RetriesExhaustedException(String lastReason) {
    super(lastReason);
  }
}
