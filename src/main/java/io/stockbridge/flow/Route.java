package io.stockbridge.flow;

/**
 * Sends events of {@code source} ({@code *} matches any source) whose type is {@code types} (an
 * exact type, or a prefix when it ends in {@code *}) to handler {@code kind}, at {@code priority}
 * (lower runs first: stock before descriptions). {@code ordered} items of one key and store run one
 * at a time, oldest first. A route with a {@code targetStore} makes its items for that store
 * (warehouse events fan out to every store); when {@code storeScoped}, an event that names a store
 * only matches the routes of that store. {@code exclusive} items of one key and store never run on
 * two nodes at once, unordered (one node may take several together and coalesce them).
 */
public record Route(
    String source,
    String types,
    String kind,
    int priority,
    boolean ordered,
    String targetStore,
    boolean storeScoped,
    boolean exclusive) {

  /** A route whose items keep the event's own store. */
  public Route(String source, String types, String kind, int priority, boolean ordered) {
    this(source, types, kind, priority, ordered, null, false, false);
  }

  /** A route that is not exclusive. */
  public Route(
      String source,
      String types,
      String kind,
      int priority,
      boolean ordered,
      String targetStore,
      boolean storeScoped) {
    this(source, types, kind, priority, ordered, targetStore, storeScoped, false);
  }

  public boolean matches(String eventSource, String eventType, String eventStore) {
    if (!source.equals("*") && !source.equals(eventSource)) {
      return false;
    }
    boolean typeMatches =
        types.endsWith("*")
            ? eventType.startsWith(types.substring(0, types.length() - 1))
            : eventType.equals(types);
    if (!typeMatches) {
      return false;
    }
    return !storeScoped || eventStore == null || eventStore.equals(targetStore);
  }

  /** The store the item is for: the route's target store, else the event's. */
  public String storeFor(String eventStore) {
    return targetStore != null ? targetStore : eventStore;
  }
}
