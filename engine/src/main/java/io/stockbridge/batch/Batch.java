package io.stockbridge.batch;

import java.util.List;

/**
 * A batch as stored. {@code total} is the number of member events, {@code succeeded}, {@code
 * failed} (retrying after a failed attempt) and {@code dead} how many of them are in each class now
 * (live counts kept in the transaction that changes an event); the rest are pending. {@code
 * expected} is a size declared up front (0: none). {@code rebuildStores} names the stores whose
 * read model is rebuilt when the batch completes. Times are epoch milliseconds; {@code closedAt},
 * {@code completedAt} and {@code completionEventId} are null until then.
 */
public record Batch(
    long id,
    String kind,
    String name,
    BatchState state,
    long expected,
    long total,
    long succeeded,
    long failed,
    long dead,
    String openedBy,
    List<String> rebuildStores,
    long createdAt,
    Long closedAt,
    Long completedAt,
    Long completionEventId) {
  public Batch {
    rebuildStores = List.copyOf(rebuildStores);
  }

  /** Members that have not ended: neither succeeded nor dead. */
  public long pending() {
    return total - succeeded - dead;
  }
}
