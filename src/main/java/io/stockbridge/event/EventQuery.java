package io.stockbridge.event;

/**
 * A search over event metadata. Null fields do not filter. Results come newest first; pages are
 * keyed by {@code beforeId} (the last id of the previous page). Times are epoch milliseconds,
 * {@code from} inclusive and {@code to} exclusive.
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
    int limit) {

  public static final int MAX_LIMIT = 1000;

  public EventQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
  }

  public static EventQuery all(int limit) {
    return new EventQuery(null, null, null, null, null, null, null, null, null, null, limit);
  }

  public EventQuery withBeforeId(Long id) {
    return new EventQuery(status, source, type, key, store, flow, batchId, from, to, id, limit);
  }

  public EventQuery withLimit(int newLimit) {
    return new EventQuery(
        status, source, type, key, store, flow, batchId, from, to, beforeId, newLimit);
  }

  public EventQuery withStatus(EventStatus newStatus) {
    return new EventQuery(
        newStatus, source, type, key, store, flow, batchId, from, to, beforeId, limit);
  }
}
