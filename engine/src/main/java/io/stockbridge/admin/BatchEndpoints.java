package io.stockbridge.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.stockbridge.NearestName;
import io.stockbridge.auth.AccessKey;
import io.stockbridge.auth.Role;
import io.stockbridge.batch.Batch;
import io.stockbridge.batch.BatchException;
import io.stockbridge.batch.BatchState;
import io.stockbridge.http.ApiException;
import io.stockbridge.http.Json;
import io.stockbridge.http.RequestBodies;
import io.stockbridge.http.RouteBook;
import io.stockbridge.store.Storage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Batches under {@code /api/batches}: open one (operators), tag events with it on ingest (header
 * {@code Stockbridge-Batch}), close it (operators), and read its live counts (viewers). When a
 * closed batch's last event ends, one {@code batch.completed} event is appended and its next stages
 * run (the read models it names are rebuilt).
 */
public final class BatchEndpoints {
  private static final long MAX_BODY = 16 * 1024;
  private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9._-]{0,39}");
  private static final Set<String> OPEN_FIELDS = Set.of("name", "kind", "rebuildReadModels");
  private static final int MAX_NAME = 200;

  private final Storage storage;
  private final Set<String> stores;
  private final Clock clock;
  private final AdminAuth auth;

  public BatchEndpoints(Storage storage, Set<String> stores, Clock clock) {
    this.storage = storage;
    this.stores = Set.copyOf(stores);
    this.clock = clock;
    this.auth = new AdminAuth(storage);
  }

  public void register(RouteBook routes) {
    routes.add(HandlerType.POST, "/api/batches", this::open);
    routes.add(HandlerType.GET, "/api/batches", this::list);
    routes.add(HandlerType.GET, "/api/batches/{id}", this::show);
    routes.add(HandlerType.POST, "/api/batches/{id}/close", this::close);
  }

  private void open(Context ctx) {
    AccessKey key = auth.require(ctx, Role.OPERATOR);
    byte[] body = RequestBodies.read(ctx, MAX_BODY);
    if (body.length == 0) {
      throw ApiException.badRequest("a JSON body is required: {\"name\": \"...\"}");
    }
    RequestBodies.requireJson(ctx);
    JsonNode json = Json.parseRequest(body);
    if (!json.isObject()) {
      throw ApiException.badRequest("the body must be a JSON object");
    }
    json.fieldNames()
        .forEachRemaining(
            field -> {
              if (!OPEN_FIELDS.contains(field)) {
                throw ApiException.badRequest(NearestName.unknownField(field, OPEN_FIELDS));
              }
            });
    JsonNode name = json.get("name");
    if (name == null || !name.isTextual() || name.asText().isBlank()) {
      throw ApiException.badRequest("name: required, a non-empty string");
    }
    if (name.asText().length() > MAX_NAME) {
      throw ApiException.badRequest("name: at most " + MAX_NAME + " characters");
    }
    String textProblem = Json.textProblem(name.asText());
    if (textProblem != null) {
      throw ApiException.badRequest("name: " + textProblem);
    }
    String kind = "api";
    JsonNode kindNode = json.get("kind");
    if (kindNode != null) {
      if (!kindNode.isTextual() || !KIND.matcher(kindNode.asText()).matches()) {
        throw ApiException.badRequest(
            "kind: 1-40 lower-case letters, digits or . _ - starting with a letter (such as 'import')");
      }
      kind = kindNode.asText();
    }
    List<String> rebuild = new ArrayList<>();
    JsonNode rebuildNode = json.get("rebuildReadModels");
    if (rebuildNode != null) {
      if (!rebuildNode.isArray()) {
        throw ApiException.badRequest("rebuildReadModels: a list of store names");
      }
      Set<String> seen = new LinkedHashSet<>();
      for (JsonNode store : rebuildNode) {
        if (!store.isTextual()) {
          throw ApiException.badRequest("rebuildReadModels: a list of store names");
        }
        if (!stores.contains(store.asText())) {
          throw ApiException.badRequest(
              "rebuildReadModels: no configured store '"
                  + abbreviate(store.asText())
                  + "'"
                  + (stores.isEmpty()
                      ? " (no stores are configured)"
                      : "; one of " + new java.util.TreeSet<>(stores)));
        }
        seen.add(store.asText());
      }
      rebuild.addAll(seen);
    }
    Batch batch =
        storage
            .batches()
            .open(kind, name.asText(), "api key " + key.name(), rebuild, clock.millis());
    ctx.status(201).json(view(batch));
  }

  private void list(Context ctx) {
    auth.require(ctx, Role.VIEWER);
    for (String param : ctx.queryParamMap().keySet()) {
      if (!Set.of("state", "before", "limit").contains(param)) {
        throw ApiException.badRequest(
            NearestName.unknownField(param, Set.of("state", "before", "limit")));
      }
    }
    BatchState state = null;
    String stateParam = ctx.queryParam("state");
    if (stateParam != null && !stateParam.isBlank()) {
      try {
        state = BatchState.parse(stateParam);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("state: " + e.getMessage());
      }
    }
    var page = EventQueries.paging(ctx);
    int limit = Math.min(page.limit(), 200);
    List<Batch> batches = storage.batches().list(state, page.beforeId(), limit);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("batches", batches.stream().map(BatchEndpoints::view).toList());
    body.put("nextBefore", batches.size() == limit ? batches.get(batches.size() - 1).id() : null);
    ctx.json(body);
  }

  private void show(Context ctx) {
    auth.require(ctx, Role.VIEWER);
    long id = EventQueries.wholeNumber("batch id", ctx.pathParam("id"));
    Batch batch =
        storage
            .batches()
            .find(id)
            .orElseThrow(() -> ApiException.notFound("no batch with id " + id));
    ctx.json(view(batch));
  }

  private void close(Context ctx) {
    auth.require(ctx, Role.OPERATOR);
    long id = EventQueries.wholeNumber("batch id", ctx.pathParam("id"));
    try {
      ctx.json(view(storage.batches().close(id, clock.millis())));
    } catch (BatchException e) {
      throw e.missing()
          ? ApiException.notFound(e.getMessage())
          : ApiException.conflict(e.getMessage());
    }
  }

  /** The JSON view of a batch, as the API, the CLI and the dashboard show it. */
  public static Map<String, Object> view(Batch batch) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", batch.id());
    view.put("kind", batch.kind());
    view.put("name", batch.name());
    view.put("state", batch.state().dbValue());
    view.put("total", batch.total());
    view.put("succeeded", batch.succeeded());
    view.put("failed", batch.failed());
    view.put("dead", batch.dead());
    view.put("pending", batch.pending());
    view.put("expected", batch.expected());
    view.put("openedBy", batch.openedBy());
    view.put("rebuildReadModels", batch.rebuildStores());
    view.put("createdAt", Instant.ofEpochMilli(batch.createdAt()).toString());
    view.put(
        "closedAt",
        batch.closedAt() == null ? null : Instant.ofEpochMilli(batch.closedAt()).toString());
    view.put(
        "completedAt",
        batch.completedAt() == null ? null : Instant.ofEpochMilli(batch.completedAt()).toString());
    view.put("completionEventId", batch.completionEventId());
    view.put("events", "/api/events?batch=" + batch.id());
    return view;
  }

  private static String abbreviate(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }
}
