package io.stockbridge.flow;

/**
 * Sends events of {@code source} ({@code *} matches any source) whose type is {@code types} (an
 * exact type, or a prefix when it ends in {@code *}) to handler {@code kind}, at {@code priority}
 * (lower runs first: stock before descriptions). {@code keyOrder} says how items of one event key
 * and store run against each other (see {@link KeyOrder}). A route with a {@code targetStore} makes
 * its items for that store (warehouse events fan out to every store); when {@code storeScoped}, an
 * event that names a store only matches the routes of that store.
 */
public record Route(
    String source,
    String types,
    String kind,
    int priority,
    KeyOrder keyOrder,
    String targetStore,
    boolean storeScoped) {

  /**
   * A route whose items keep the event's own store; {@code ordered}: one at a time per key, oldest
   * first.
   */
  public Route(String source, String types, String kind, int priority, boolean ordered) {
    this(
        source,
        types,
        kind,
        priority,
        ordered ? KeyOrder.ordered(kind) : KeyOrder.NONE,
        null,
        false);
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

  /** A copy whose items run in {@code order}. */
  public Route with(KeyOrder order) {
    return new Route(source, types, kind, priority, order, targetStore, storeScoped);
  }
}
