package io.stockbridge.flow.product;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockbridge.event.EventRecord;
import io.stockbridge.idset.IdSet;
import io.stockbridge.queue.WorkItem;
import io.stockbridge.sync.SyncContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ids a work item is about: {@code args.productIds} (or {@code args.categoryIds}) when given,
 * else its event's key, both ID sets. One event lookup for the whole batch. Stateless.
 */
final class ItemProducts {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ItemProducts() {}

  /** An item's ids, or why it has none. */
  record Ids(IdSet ids, String problem, JsonNode args) {
    boolean ok() {
      return problem == null;
    }

    boolean explicit() {
      return args != null && args.hasNonNull("productIds");
    }
  }

  /** The ids of each item, by item id; {@code argName} is the args field to read. */
  static Map<Long, Ids> resolve(SyncContext context, List<WorkItem> items, String argName) {
    Map<Long, Ids> resolved = new HashMap<>();
    List<Long> eventIds = new ArrayList<>();
    for (WorkItem item : items) {
      JsonNode args = args(item.args());
      if (args != null && args.hasNonNull(argName)) {
        resolved.put(item.id(), parse(args.get(argName).asText(), args, argName));
      } else if (item.eventId() != null) {
        eventIds.add(item.eventId());
      } else {
        resolved.put(item.id(), new Ids(null, "no " + argName + " and no event", args));
      }
    }
    if (!eventIds.isEmpty()) {
      Map<Long, EventRecord> events = new HashMap<>();
      for (EventRecord event : context.events().findAll(eventIds)) {
        events.put(event.id(), event);
      }
      for (WorkItem item : items) {
        if (!resolved.containsKey(item.id())) {
          EventRecord event = events.get(item.eventId());
          resolved.put(
              item.id(),
              event == null
                  ? new Ids(null, "event " + item.eventId() + " not found", args(item.args()))
                  : parse(event.key(), args(item.args()), "event key"));
        }
      }
    }
    return resolved;
  }

  private static Ids parse(String text, JsonNode args, String what) {
    try {
      return new Ids(IdSet.parse(text), null, args);
    } catch (RuntimeException e) {
      return new Ids(null, what + " '" + text + "' is not an ID set: " + e.getMessage(), args);
    }
  }

  private static JsonNode args(String args) {
    if (args == null || args.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(args);
    } catch (IOException e) {
      return null;
    }
  }

  static String json(Map<String, Object> args) {
    try {
      return JSON.writeValueAsString(args);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
