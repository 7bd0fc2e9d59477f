package io.stockbridge.event;

/**
 * A search over event metadata. Null fields do not filter. Results come newest first; pages are
 * keyed by {@code beforeId} (the last id of the previous page). Times are epoch milliseconds,
 * {@code from} inclusive and {@code to} exclusive. {@code name}: events naming this product id, SKU
 * or order name anywhere (their ID set, their payload), from the index of {@link EventNames}.
 */
public record EventQuery(
    EventStatus status,
    String source,
    String type,
    String key,
    String store,
    String flow,
    Long batchId,
    Long from,
    Long to,
    Long beforeId,
    int limit,
    EventName name) {

  public static final int MAX_LIMIT = 1000;

  public EventQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
  }

  /** A search without a name. */
  public EventQuery(
      EventStatus status,
      String source,
      String type,
      String key,
      String store,
      String flow,
      Long batchId,
      Long from,
      Long to,
      Long beforeId,
      int limit) {
    this(status, source, type, key, store, flow, batchId, from, to, beforeId, limit, null);
  }

  public static EventQuery all(int limit) {
    return new EventQuery(null, null, null, null, null, null, null, null, null, null, limit);
  }

  public EventQuery withBeforeId(Long id) {
    return new EventQuery(
        status, source, type, key, store, flow, batchId, from, to, id, limit, name);
  }

  public EventQuery withLimit(int newLimit) {
    return new EventQuery(
        status, source, type, key, store, flow, batchId, from, to, beforeId, newLimit, name);
  }

  public EventQuery withStatus(EventStatus newStatus) {
    return new EventQuery(
        newStatus, source, type, key, store, flow, batchId, from, to, beforeId, limit, name);
  }

  public EventQuery withKey(String newKey) {
    return new EventQuery(
        status, source, type, newKey, store, flow, batchId, from, to, beforeId, limit, name);
  }

  public EventQuery withName(EventName newName) {
    return new EventQuery(
        status, source, type, key, store, flow, batchId, from, to, beforeId, limit, newName);
  }
}
