package io.stockbridge.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockbridge.event.EventRecord;
import io.stockbridge.event.HistoryEntry;
import io.stockbridge.event.Payload;
import io.stockbridge.queue.DeadItem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The JSON shapes of events, history steps, payloads and dead letters in the admin API and CLI. */
public final class EventViews {
  private EventViews() {}

  public static Map<String, Object> event(EventRecord e) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", e.id());
    view.put("source", e.source());
    view.put("type", e.type());
    view.put("key", e.key());
    view.put("store", e.store());
    view.put("status", e.status().dbValue());
    view.put("attempts", e.attempts());
    view.put("flow", e.flow());
    view.put("receivedAt", Instant.ofEpochMilli(e.receivedAt()).toString());
    view.put("updatedAt", Instant.ofEpochMilli(e.updatedAt()).toString());
    view.put("traceId", e.traceId());
    view.put("batchId", e.batchId());
    view.put("dedupeKey", e.dedupeKey());
    view.put("payloadStored", e.payloadArchive() == null ? "stored" : e.payloadArchive());
    return view;
  }

  public static Map<String, Object> history(HistoryEntry h) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("at", Instant.ofEpochMilli(h.at()).toString());
    view.put("status", h.status().dbValue());
    view.put("node", h.node());
    view.put("flow", h.flow());
    view.put("attempt", h.attempt());
    view.put("detail", h.detail());
    return view;
  }

  /** A JSON payload is shown as JSON; anything else as text. */
  public static Map<String, Object> payload(Optional<Payload> payload) {
    Map<String, Object> view = new LinkedHashMap<>();
    if (payload.isEmpty()) {
      view.put("available", false);
      return view;
    }
    view.put("available", true);
    view.put("contentType", payload.get().contentType());
    try {
      JsonNode json = io.stockbridge.http.Json.MAPPER.readTree(payload.get().body());
      view.put("json", json);
    } catch (IOException e) {
      view.put("text", new String(payload.get().body(), StandardCharsets.UTF_8));
    }
    return view;
  }

  public static Map<String, Object> dead(DeadItem d) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", d.id());
    view.put("eventId", d.eventId());
    view.put("kind", d.kind());
    view.put("key", d.itemKey());
    view.put("store", d.store());
    view.put("attempts", d.attempts());
    view.put("error", d.lastError());
    view.put("errorType", d.errorType());
    view.put("causes", d.errorCauses());
    view.put("diedAt", Instant.ofEpochMilli(d.updatedAt()).toString());
    return view;
  }
}
