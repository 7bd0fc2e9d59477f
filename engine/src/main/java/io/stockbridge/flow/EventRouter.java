package io.stockbridge.flow;

import io.stockbridge.event.NewWork;
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
        String orderedKey = null;
        String exclusiveKey = null;
        if (key != null) {
          switch (route.keyOrder()) {
            case KeyOrder.Ordered ordered ->
                orderedKey = ordered.scope() + "|" + itemStore + "|" + key;
            case KeyOrder.Exclusive exclusive ->
                exclusiveKey = exclusive.scope() + "|" + itemStore + "|" + key;
            case KeyOrder.None none -> {}
          }
        }
        work.add(
            new NewWork(
                null,
                route.kind(),
                orderedKey,
                itemStore,
                route.priority(),
                now,
                maxAttempts,
                null,
                exclusiveKey));
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
