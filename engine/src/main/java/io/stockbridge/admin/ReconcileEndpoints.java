package io.stockbridge.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.stockbridge.auth.AccessKey;
import io.stockbridge.auth.Role;
import io.stockbridge.event.EventQuery;
import io.stockbridge.flow.reconcile.ReconcileScope;
import io.stockbridge.flow.reconcile.ReconcileService;
import io.stockbridge.flow.reconcile.Reconciliation;
import io.stockbridge.http.ApiException;
import io.stockbridge.http.Json;
import io.stockbridge.http.RequestBodies;
import io.stockbridge.http.RouteBook;
import io.stockbridge.store.Storage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reconciliation and onboarding under {@code /api}: request a run (everything or a subset) or a
 * store's full sync (operators), read the reports (viewers). Registered on every node; requests are
 * refused with 409 when no warehouse and stores are configured.
 */
public final class ReconcileEndpoints {
  private static final long MAX_BODY = 64 * 1024;

  private final Storage storage;
  private final Optional<ReconcileService> service;
  private final AdminAuth auth;

  public ReconcileEndpoints(Storage storage, Optional<ReconcileService> service) {
    this.storage = storage;
    this.service = service;
    this.auth = new AdminAuth(storage);
  }

  public void register(RouteBook routes) {
    routes.add(HandlerType.POST, "/api/reconciliations", this::request);
    routes.add(HandlerType.GET, "/api/reconciliations", this::list);
    routes.add(HandlerType.GET, "/api/reconciliations/{id}", this::show);
    routes.add(HandlerType.POST, "/api/stores/{store}/full-sync", this::fullSync);
  }

  private void request(Context ctx) {
    AccessKey key = auth.require(ctx, Role.OPERATOR);
    byte[] body = RequestBodies.read(ctx, MAX_BODY);
    ReconcileScope scope;
    if (body.length == 0) {
      scope = ReconcileScope.everything();
    } else {
      RequestBodies.requireJson(ctx);
      JsonNode json = Json.parseRequest(body);
      if (json.path("fullSync").asBoolean(false)) {
        throw ApiException.badRequest(
            "fullSync: start a full sync with POST /api/stores/{store}/full-sync");
      }
      scope = parse(json);
    }
    accepted(ctx, submit(scope, key));
  }

  private void fullSync(Context ctx) {
    AccessKey key = auth.require(ctx, Role.OPERATOR);
    accepted(ctx, submit(ReconcileScope.fullSyncOf(ctx.pathParam("store")), key));
  }

  private Reconciliation submit(ReconcileScope scope, AccessKey key) {
    ReconcileService reconcile =
        service.orElseThrow(
            () -> ApiException.conflict("no warehouse and stores are configured on this node"));
    try {
      return reconcile.request(scope, "api key " + key.name());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private static ReconcileScope parse(JsonNode json) {
    try {
      return ReconcileScope.fromJson(json);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private static void accepted(Context ctx, Reconciliation run) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", run.id());
    body.put("status", run.status().dbValue());
    body.put("report", "/api/reconciliations/" + run.id());
    ctx.status(202).json(body);
  }

  private void list(Context ctx) {
    auth.require(ctx, Role.VIEWER);
    EventQuery page = EventQueries.paging(ctx);
    int limit = Math.min(page.limit(), 200);
    List<Reconciliation> runs =
        storage.reconciliations().list(page.beforeId(), limit).stream()
            .map(r -> ReconcileService.current(r, storage.events()))
            .toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("reconciliations", runs.stream().map(ReconcileService::view).toList());
    body.put("nextBefore", runs.size() == limit ? runs.get(runs.size() - 1).id() : null);
    ctx.json(body);
  }

  private void show(Context ctx) {
    auth.require(ctx, Role.VIEWER);
    String raw = ctx.pathParam("id");
    long id = EventQueries.wholeNumber("reconciliation id", raw);
    Reconciliation run =
        storage
            .reconciliations()
            .find(id)
            .orElseThrow(() -> ApiException.notFound("no reconciliation with id " + id));
    ctx.json(ReconcileService.view(ReconcileService.current(run, storage.events())));
  }
}
