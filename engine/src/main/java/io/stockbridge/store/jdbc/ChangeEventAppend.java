package io.stockbridge.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockbridge.change.ChangeEvents;
import io.stockbridge.event.AppendResult;
import io.stockbridge.event.NewEvent;
import io.stockbridge.event.NewWork;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Appends the engine's own change events ({@code batch.completed}, {@code readmodel.rebuilt}) as
 * rows of the event log with source {@code stockbridge}, inside the caller's transaction, so a
 * change event is never stored without its cause nor its cause without it. The payload is a
 * versioned JSON object ({@code {"version": 1, ...}}). The one place this is done for batches and
 * read models. The event goes through the event log (it carries work, and its dedupe key makes a
 * second append of the same change a no-op) and is published to fan-out's outbox in the same
 * transaction ({@link ChangeEvents#publish}).
 */
final class ChangeEventAppend {
  static final String SOURCE = "stockbridge";
  static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ChangeEventAppend() {}

  /**
   * Appends one change event; returns its id, or -1 when an event with {@code dedupeKey} exists.
   */
  static long append(
      Connection connection,
      Dialect dialect,
      String type,
      String key,
      String store,
      String dedupeKey,
      Map<String, Object> fields,
      List<NewWork> work,
      long now)
      throws SQLException {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("version", VERSION);
    payload.put("type", type);
    payload.putAll(fields);
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("change event payload cannot be written", e);
    }
    NewEvent event =
        new NewEvent(
            SOURCE, type, key, store, dedupeKey, traceId(), null, "application/json", body, work);
    AppendResult result =
        JdbcEventLog.appendInTransaction(connection, dialect, List.of(event), now).get(0);
    if (result.duplicate()) {
      return -1;
    }
    ChangeEvents.publish(connection, result.eventId());
    return result.eventId();
  }

  private static String traceId() {
    byte[] bytes = new byte[16];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
