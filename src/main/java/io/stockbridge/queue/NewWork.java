package io.stockbridge.queue;

/**
 * A work item to insert. {@code kind} names the handler; {@code itemKey} orders items (never two of
 * one key in flight, oldest first; null means unordered), kept in its {@link
 * io.stockbridge.BoundedKeys bounded form} since it is indexed (a key naming a long ID set becomes
 * its SHA-256); {@code priority} lower runs first; {@code args} is a small JSON document for the
 * handler (may be null). {@code eventId} is filled in by the event log when the item belongs to an
 * event being appended.
 */
public record NewWork(
    Long eventId,
    String kind,
    String itemKey,
    String store,
    int priority,
    long runAfter,
    int maxAttempts,
    String args) {

  public NewWork {
    itemKey = io.stockbridge.BoundedKeys.bounded(itemKey);
  }

  public NewWork withEventId(long id) {
    return new NewWork(id, kind, itemKey, store, priority, runAfter, maxAttempts, args);
  }
}
