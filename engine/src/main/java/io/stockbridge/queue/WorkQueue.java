package io.stockbridge.queue;

import io.stockbridge.event.NewWork;
import java.util.Collection;
import java.util.List;

/**
 * The durable work queue. Claims honour priority, run-after time and per-key order (never two items
 * of one key in flight; the oldest unfinished item of a key goes first; dead items do not block).
 * Safe for several nodes on one PostgreSQL. Implementations are thread-safe.
 */
public interface WorkQueue {
  void enqueue(List<NewWork> items, long now);

  /**
   * Claims up to {@code limit} due items for {@code node}, excluding paused kinds and stores,
   * leasing them until {@code leaseUntil}. Items of events get a {@code processing} history step.
   */
  List<WorkItem> claim(String node, int limit, long now, long leaseUntil);

  /** Applies settlements; one whose item is no longer in that attempt (lease lost) is ignored. */
  void settle(List<Settlement> settlements, String node, long now);

  /** Extends the leases of items this node still holds; returns how many were extended. */
  int heartbeat(String node, Collection<Long> itemIds, long leaseUntil);

  /**
   * Puts running items whose lease ends before {@code expiredBefore} back to ready at {@code now}
   * (their attempt is spent; out of attempts means dead); returns the count.
   */
  int rescueExpired(long expiredBefore, long now);

  /**
   * Puts waiting items whose re-check time ({@code run_after}) has come back to ready, so a release
   * that raced with the wait is never lost for longer than that; returns the count.
   */
  int recheckWaiting(long now);

  /** Releases every item waiting on {@code dependencyKey}; returns the count. */
  int release(String dependencyKey, long now);

  List<DeadItem> dead(String kind, Long beforeId, int limit);

  /**
   * Re-delivers dead items as new ready items (new ids, so per-key order is kept); {@code itemIds}
   * empty means all dead items of {@code kind} (or all when kind is null). Returns the count.
   */
  int redrive(List<Long> itemIds, String kind, String by, long now);

  QueueStats stats();
}
