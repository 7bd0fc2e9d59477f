package io.stockbridge.event;

/**
 * A work item to insert. {@code kind} names the handler; {@code itemKey} orders items (never two of
 * one key in flight, oldest first; null means unordered), kept in its {@link
 * io.stockbridge.BoundedKeys bounded form} since it is indexed (a key naming a long ID set becomes
 * its SHA-256); {@code priority} lower runs first; {@code args} is a small JSON document for the
 * handler (may be null). {@code eventId} is filled in by the event log when the item belongs to an
 * event being appended. Items sharing an {@code exclusiveKey} (bounded the same way; null: none)
 * never run on two nodes at once, while one node may take several of them together, unordered.
 */
public record NewWork(
    Long eventId,
    String kind,
    String itemKey,
    String store,
    int priority,
    long runAfter,
    int maxAttempts,
    String args,
    String exclusiveKey) {

  public NewWork {
    itemKey = io.stockbridge.BoundedKeys.bounded(itemKey);
    exclusiveKey = io.stockbridge.BoundedKeys.bounded(exclusiveKey);
  }

  /** An item with no exclusive key. */
  public NewWork(
      Long eventId,
      String kind,
      String itemKey,
      String store,
      int priority,
      long runAfter,
      int maxAttempts,
      String args) {
    this(eventId, kind, itemKey, store, priority, runAfter, maxAttempts, args, null);
  }

  public NewWork withEventId(long id) {
    return new NewWork(
        id, kind, itemKey, store, priority, runAfter, maxAttempts, args, exclusiveKey);
  }
}
