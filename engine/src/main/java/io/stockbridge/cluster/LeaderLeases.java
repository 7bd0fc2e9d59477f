package io.stockbridge.cluster;

/**
 * Leader-only jobs (maintenance, scheduled reconciliation) take a named lease in the database, so
 * one node of several runs them. Implementations are thread-safe.
 */
public interface LeaderLeases {
  /**
   * Takes or renews {@code name} for {@code node} until {@code until} if free, expired or already
   * ours.
   */
  boolean tryAcquire(String name, String node, long now, long until);
}
