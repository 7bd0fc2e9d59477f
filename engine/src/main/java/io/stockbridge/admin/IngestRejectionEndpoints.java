package io.stockbridge.admin;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.stockbridge.auth.Role;
import io.stockbridge.http.RouteBook;
import io.stockbridge.ingest.IngestRejections;
import io.stockbridge.store.Storage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/ingest/rejections} (viewers): the webhooks and events this node refused since it
 * started: {@code total}, {@code authenticated} (refused after the sender proved who it is: such a
 * webhook is lost unless its sender retries), counts by source and status, and the latest refusals
 * with their reasons.
 */
public final class IngestRejectionEndpoints {
  private final AdminAuth auth;
  private final IngestRejections rejections;
  private final String nodeId;

  public IngestRejectionEndpoints(Storage storage, IngestRejections rejections, String nodeId) {
    this.auth = new AdminAuth(storage);
    this.rejections = rejections;
    this.nodeId = nodeId;
  }

  public void register(RouteBook routes) {
    routes.add(HandlerType.GET, "/api/ingest/rejections", this::show);
  }

  private void show(Context ctx) {
    auth.require(ctx, Role.VIEWER);
    IngestRejections.Snapshot snapshot = rejections.snapshot();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("node", nodeId);
    body.put("since", snapshot.since().toString());
    body.put("total", snapshot.total());
    body.put("authenticated", snapshot.authenticated());
    body.put("bySource", snapshot.bySourceAndStatus());
    body.put(
        "recent",
        snapshot.recent().stream()
            .map(
                r -> {
                  Map<String, Object> view = new LinkedHashMap<>();
                  view.put("at", r.at().toString());
                  view.put("source", r.source());
                  view.put("status", r.status());
                  view.put("error", r.error());
                  view.put("authenticated", r.authenticated());
                  view.put("reason", r.reason());
                  return view;
                })
            .toList());
    ctx.json(body);
  }
}
