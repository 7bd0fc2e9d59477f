package io.stockbridge.readmodel;

import io.stockbridge.event.EventLog;
import io.stockbridge.event.NewEvent;
import io.stockbridge.event.NewWork;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Asks for a store's read model to be rebuilt (or some of its products refreshed): a {@code
 * stockbridge} / {@code readmodel.requested} event with one {@code readmodel.rebuild} item, so the
 * request is durable, visible in the event history, retried, and run by whichever node claims it.
 * Items of one store share an ordered key: one store's work never runs twice at once, and stores
 * run apart. Thread-safe.
 */
public final class ReadModelRequests {
  public static final String TYPE = "readmodel.requested";
  static final int PRIORITY = 30;
  static final int MAX_ATTEMPTS = 5;

  private final EventLog events;

  public ReadModelRequests(EventLog events) {
    this.events = events;
  }

  /** Queues a rebuild of {@code store}; returns the request's event id. */
  public long rebuild(String store, String requestedBy, long now) {
    return request(store, requestedBy, null, now);
  }

  /** Queues an in-place update of {@code productIds} in {@code store}'s live model. */
  public long refresh(String store, List<Long> productIds, String requestedBy, long now) {
    return request(store, requestedBy, productIds, now);
  }

  private long request(String store, String requestedBy, List<Long> productIds, long now) {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("fresh", true);
    if (productIds != null) {
      args.put("productIds", productIds);
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("version", 1);
    payload.put("store", store);
    payload.put("requestedBy", requestedBy);
    payload.put("productIds", productIds);
    String argsJson = io.stockbridge.http.Json.write(args);
    NewWork work =
        new NewWork(
            null,
            ReadModelStages.KIND,
            "readmodel|" + store,
            store,
            PRIORITY,
            now,
            MAX_ATTEMPTS,
            argsJson);
    byte[] json = io.stockbridge.http.Json.write(payload).getBytes(StandardCharsets.UTF_8);
    return events
        .append(List.of(NewEvent.request("stockbridge", TYPE, store, json, work)), now)
        .get(0)
        .eventId();
  }
}
