package io.stockbridge.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.stockbridge.NearestName;
import io.stockbridge.auth.AccessKey;
import io.stockbridge.auth.Role;
import io.stockbridge.event.EventPage;
import io.stockbridge.event.EventQuery;
import io.stockbridge.event.EventRecord;
import io.stockbridge.http.ApiException;
import io.stockbridge.http.Json;
import io.stockbridge.http.RequestBodies;
import io.stockbridge.http.RouteBook;
import io.stockbridge.queue.DeadItem;
import io.stockbridge.queue.Pauses;
import io.stockbridge.queue.QueueStats;
import io.stockbridge.replay.ReplayService;
import io.stockbridge.store.Storage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin HTTP API under {@code /api}: event search and detail, replay (one, or in bulk after a
 * dry run), dead letters and redrive, pauses, queue figures. Viewers read; operators also act.
 */
public final class AdminApi {
  private static final long MAX_BODY = 64 * 1024;
  private static final List<String> REPLAY_FIELDS = List.of("filter", "all", "dryRun", "confirm");
  private static final List<String> REDRIVE_FIELDS = List.of("ids", "kind", "all");

  private final Storage storage;
  private final ReplayService replays;
  private final AdminAuth auth;
  private final Clock clock;
  private final Runnable wakeQueue;

  public AdminApi(Storage storage, ReplayService replays, Clock clock, Runnable wakeQueue) {
    this.storage = storage;
    this.replays = replays;
    this.auth = new AdminAuth(storage);
    this.clock = clock;
    this.wakeQueue = wakeQueue;
  }

  public void register(RouteBook routes) {
    routes.add(HandlerType.GET, "/api/events", this::search);
    routes.add(HandlerType.GET, "/api/events/{id}", this::detail);
    routes.add(HandlerType.POST, "/api/events/{id}/replay", this::replayOne);
    routes.add(HandlerType.POST, "/api/replays", this::replayBulk);
    routes.add(HandlerType.GET, "/api/dead-letters", this::deadLetters);
    routes.add(HandlerType.POST, "/api/dead-letters/redrive", this::redrive);
    routes.add(HandlerType.GET, "/api/pauses", this::listPauses);
    routes.add(HandlerType.POST, "/api/pauses", this::pause);
    routes.add(HandlerType.DELETE, "/api/pauses/{scope}", this::resume);
    routes.add(HandlerType.GET, "/api/queue", this::queueStats);
  }

  private void search(Context ctx) {
    auth.require(ctx, Role.VIEWER);
    EventPage page = storage.events().search(EventQueries.fromQueryParams(ctx));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("events", page.events().stream().map(EventViews::event).toList());
    body.put("nextBefore", page.nextBeforeId());
    ctx.json(body);
  }

  private void detail(Context ctx) {
    auth.require(ctx, Role.VIEWER);
    long id = idParam(ctx);
    EventRecord event =
        storage
            .events()
            .find(id)
            .orElseThrow(() -> ApiException.notFound("no event with id " + id));
    Map<String, Object> body = EventViews.event(event);
    body.put("history", storage.events().history(id).stream().map(EventViews::history).toList());
    body.put("payload", EventViews.payload(storage.events().payload(id)));
    ctx.json(body);
  }

  private void replayOne(Context ctx) {
    AccessKey key = auth.require(ctx, Role.OPERATOR);
    long id = idParam(ctx);
    replays.replayOne(id, "api key " + key.name());
    wakeQueue.run();
    ctx.status(202).json(Map.of("eventId", id, "status", "queued"));
  }

  private void replayBulk(Context ctx) {
    AccessKey key = auth.require(ctx, Role.OPERATOR);
    JsonNode body = jsonBody(ctx);
    requireOnlyFields(body, REPLAY_FIELDS);
    Map<String, String> filter = EventQueries.fromJsonFilter(body.get("filter"));
    boolean all = flag(body, "all");
    // The page size and cursor do not narrow what a bulk replay touches.
    boolean narrows =
        filter.keySet().stream().anyMatch(name -> !"limit".equals(name) && !"before".equals(name));
    if (!narrows && !all) {
      throw ApiException.badRequest(
          "filter: name at least one field ("
              + String.join(", ", EventQueries.FIELDS)
              + ") or send \"all\": true to replay every event");
    }
    if (narrows && all) {
      throw ApiException.badRequest(
          "all: true replays every event; send it without filter fields, or drop it");
    }
    filter.putIfAbsent("limit", String.valueOf(EventQuery.MAX_LIMIT));
    EventQuery query = EventQueries.fromMap(filter);
    boolean dryRun = flag(body, "dryRun");
    if (dryRun) {
      ctx.json(Map.of("dryRun", true, "matching", replays.count(query)));
      return;
    }
    JsonNode confirm = body.get("confirm");
    if (confirm == null || !confirm.isIntegralNumber() || !confirm.canConvertToLong()) {
      throw ApiException.badRequest(
          "confirm: required; send the 'matching' count of a dry run first");
    }
    ReplayService.BulkReplay result =
        replays.replayMatching(query, confirm.asLong(), "api key " + key.name());
    wakeQueue.run();
    ctx.status(202).json(Map.of("batchId", result.batchId(), "replayed", result.replayed()));
  }

  private void deadLetters(Context ctx) {
    auth.require(ctx, Role.VIEWER);
    String kind = ctx.queryParam("kind");
    EventQuery paging = EventQueries.fromMap(pagingParams(ctx));
    Long before = paging.beforeId();
    int limit = paging.limit();
    List<DeadItem> dead =
        storage.queue().dead(kind == null || kind.isBlank() ? null : kind, before, limit);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("deadLetters", dead.stream().map(EventViews::dead).toList());
    body.put("nextBefore", dead.size() == limit ? dead.get(dead.size() - 1).id() : null);
    ctx.json(body);
  }

  private void redrive(Context ctx) {
    AccessKey key = auth.require(ctx, Role.OPERATOR);
    JsonNode body = jsonBody(ctx);
    requireOnlyFields(body, REDRIVE_FIELDS);
    List<Long> ids = new ArrayList<>();
    JsonNode idsNode = body.path("ids");
    if (!idsNode.isMissingNode()) {
      if (!idsNode.isArray()) {
        throw ApiException.badRequest("ids: must be a list of dead-letter ids");
      }
      for (JsonNode id : idsNode) {
        if (!id.isIntegralNumber() || !id.canConvertToLong() || id.longValue() < 1) {
          throw ApiException.badRequest("ids: '" + id.asText() + "' is not an id");
        }
        ids.add(id.asLong());
      }
    }
    JsonNode kindNode = body.get("kind");
    if (kindNode != null && (!kindNode.isTextual() || kindNode.textValue().isBlank())) {
      throw ApiException.badRequest("kind: must be a flow kind as text, e.g. \"stock\"");
    }
    String kind = kindNode == null ? null : kindNode.textValue().strip();
    if (ids.isEmpty() && kind == null && !flag(body, "all")) {
      throw ApiException.badRequest("say which dead letters: 'ids', 'kind', or 'all': true");
    }
    int count = storage.queue().redrive(ids, kind, "api key " + key.name(), clock.millis());
    wakeQueue.run();
    ctx.status(202).json(Map.of("redriven", count));
  }

  private void listPauses(Context ctx) {
    auth.require(ctx, Role.VIEWER);
    ctx.json(Map.of("paused", storage.pauses().list()));
  }

  private void pause(Context ctx) {
    AccessKey key = auth.require(ctx, Role.OPERATOR);
    String scope = jsonBody(ctx).path("scope").asText("");
    if (!Pauses.isValidScope(scope)) {
      throw ApiException.badRequest(
          "scope: must be 'flow:<kind>' or 'store:<name>', got '" + scope + "'");
    }
    storage.pauses().pause(scope, "api key " + key.name(), clock.millis());
    ctx.status(201).json(Map.of("paused", scope));
  }

  private void resume(Context ctx) {
    auth.require(ctx, Role.OPERATOR);
    String scope = ctx.pathParam("scope");
    if (!storage.pauses().resume(scope)) {
      throw ApiException.notFound("'" + scope + "' is not paused");
    }
    wakeQueue.run();
    ctx.json(Map.of("resumed", scope));
  }

  private void queueStats(Context ctx) {
    auth.require(ctx, Role.VIEWER);
    QueueStats stats = storage.queue().stats();
    ctx.json(
        Map.of(
            "ready",
            stats.ready(),
            "running",
            stats.running(),
            "waiting",
            stats.waiting(),
            "dead",
            stats.dead()));
  }

  private static Map<String, String> pagingParams(Context ctx) {
    Map<String, String> paging = new LinkedHashMap<>();
    for (String name : List.of("before", "limit")) {
      String value = ctx.queryParam(name);
      if (value != null) {
        paging.put(name, value);
      }
    }
    return paging;
  }

  private static long idParam(Context ctx) {
    return EventQueries.wholeNumber("event id", ctx.pathParam("id"));
  }

  /** Refuses a body field outside {@code known}, suggesting the nearest known name. */
  private static void requireOnlyFields(JsonNode body, List<String> known) {
    for (Map.Entry<String, JsonNode> field : body.properties()) {
      if (!known.contains(field.getKey())) {
        throw ApiException.badRequest(NearestName.unknownField(field.getKey(), known));
      }
    }
  }

  /** A JSON boolean field, false when absent; any other type is a 400 naming it. */
  private static boolean flag(JsonNode body, String name) {
    JsonNode value = body.get(name);
    if (value == null) {
      return false;
    }
    if (!value.isBoolean()) {
      throw ApiException.badRequest(name + ": must be true or false, got " + value);
    }
    return value.booleanValue();
  }

  private static JsonNode jsonBody(Context ctx) {
    byte[] body = RequestBodies.read(ctx, MAX_BODY);
    RequestBodies.requireJson(ctx);
    return Json.parseRequest(body);
  }
}
