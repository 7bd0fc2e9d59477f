package io.stockbridge.flow;

import io.stockbridge.queue.NewWork;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides which handlers an event goes to. An event that no route matches goes to {@link
 * RecordFlow} so that it is still tracked to a final status. Immutable and thread-safe.
 */
public final class EventRouter {
  private final List<Route> routes;
  private final int maxAttempts;

  public EventRouter(List<Route> routes, int maxAttempts) {
    this.routes = List.copyOf(routes);
    this.maxAttempts = maxAttempts;
  }

  public List<NewWork> route(String source, String type, String key, String store, long now) {
    List<NewWork> work = new ArrayList<>();
    for (Route route : routes) {
      if (route.matches(source, type, store)) {
        String itemStore = route.storeFor(store);
        String scopedKey = key == null ? null : route.kind() + "|" + itemStore + "|" + key;
        work.add(
            new NewWork(
                null,
                route.kind(),
                route.ordered() ? scopedKey : null,
                itemStore,
                route.priority(),
                now,
                maxAttempts,
                null,
                route.exclusive() ? scopedKey : null));
      }
    }
    if (work.isEmpty()) {
      work.add(
          new NewWork(
              null, RecordFlow.KIND, null, store, RecordFlow.PRIORITY, now, maxAttempts, null));
    }
    return work;
  }
}
