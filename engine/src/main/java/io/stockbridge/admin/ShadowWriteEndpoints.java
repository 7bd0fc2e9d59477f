package io.stockbridge.admin;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.stockbridge.auth.Role;
import io.stockbridge.event.EventQuery;
import io.stockbridge.http.RouteBook;
import io.stockbridge.store.Storage;
import io.stockbridge.sync.ShadowWrite;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/stores/{store}/shadow-writes}: what a store in shadow mode would have been sent,
 * newest first, for comparing with the integration it is to replace (viewers).
 */
public final class ShadowWriteEndpoints {
  private final Storage storage;
  private final AdminAuth auth;

  public ShadowWriteEndpoints(Storage storage) {
    this.storage = storage;
    this.auth = new AdminAuth(storage);
  }

  public void register(RouteBook routes) {
    routes.add(HandlerType.GET, "/api/stores/{store}/shadow-writes", this::list);
  }

  private void list(Context ctx) {
    auth.require(ctx, Role.VIEWER);
    EventQuery page = EventQueries.paging(ctx);
    int limit = Math.min(page.limit(), 500);
    List<ShadowWrite> writes =
        storage.syncState().shadowWrites(ctx.pathParam("store"), page.beforeId(), limit);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(
        "writes",
        writes.stream()
            .map(
                w -> {
                  Map<String, Object> view = new LinkedHashMap<>();
                  view.put("id", w.id());
                  view.put("eventId", w.eventId());
                  view.put("flow", w.flow());
                  view.put("target", w.target());
                  view.put("body", w.body());
                  view.put("at", Instant.ofEpochMilli(w.at()).toString());
                  return view;
                })
            .toList());
    body.put("nextBefore", writes.size() == limit ? writes.get(writes.size() - 1).id() : null);
    ctx.json(body);
  }
}
