package io.stockbridge.connector.shopify;

/**
 * What one poll saw of a running bulk operation: its id, status, the objects processed so far
 * ({@code objectCount}) and how many were expected (0 when unknown). Immutable.
 */
public record BulkProgress(String operationId, String status, long objectCount, long expected) {
  /** Receives progress; called on the polling thread, so it must be quick and thread-safe. */
  @FunctionalInterface
  public interface Listener {
    Listener NONE = progress -> {};

    void update(BulkProgress progress);
  }
}
