package io.stockbridge.queue;

/**
 * A claimed work item. {@code attempt} is this run's number (1 for the first run) and doubles as
 * the fencing token: a settlement only applies while the item is still in this attempt. {@code
 * retriesWithoutProgress} counts the {@link Outcome.RetryAfter}s settled for it so far (reset by a
 * wait for a dependency). Times are epoch milliseconds; {@code runAfter} is when the item became
 * due. {@code traceId} is the item's event's trace id (null without an event, or where the item was
 * not read with it), which the dispatcher's spans and log lines continue.
 */
public record WorkItem(
    long id,
    Long eventId,
    String kind,
    String itemKey,
    String store,
    int priority,
    int attempt,
    int maxAttempts,
    int retriesWithoutProgress,
    String args,
    long createdAt,
    long runAfter,
    String traceId) {

  /** An item without its event's trace id. */
  public WorkItem(
      long id,
      Long eventId,
      String kind,
      String itemKey,
      String store,
      int priority,
      int attempt,
      int maxAttempts,
      int retriesWithoutProgress,
      String args,
      long createdAt,
      long runAfter) {
    this(
        id,
        eventId,
        kind,
        itemKey,
        store,
        priority,
        attempt,
        maxAttempts,
        retriesWithoutProgress,
        args,
        createdAt,
        runAfter,
        null);
  }
}
