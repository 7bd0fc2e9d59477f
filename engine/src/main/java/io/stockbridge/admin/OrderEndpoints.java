package io.stockbridge.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.stockbridge.NearestName;
import io.stockbridge.auth.Role;
import io.stockbridge.config.SyncConfig;
import io.stockbridge.event.EventName;
import io.stockbridge.flow.order.OrderCatchUp;
import io.stockbridge.http.ApiException;
import io.stockbridge.http.Json;
import io.stockbridge.http.RequestBodies;
import io.stockbridge.http.RouteBook;
import io.stockbridge.order.OrderStore;
import io.stockbridge.store.Storage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Orders (viewers; the catch-up, operators):
 *
 * <ul>
 *   <li>{@code GET /api/orders?name=%231001 | email=... | sku=...} (one of them; {@code store},
 *       {@code limit}): the orders found, newest first. The email is hashed before it is looked up
 *       (trimmed, lower-cased: {@link EventName#emailHash}); no address is stored or logged.
 *   <li>{@code GET /api/stores/{store}/orders/{order}} (the Shopify order id or its name): the
 *       order's path through both systems ({@link OrderPaths}).
 *   <li>{@code POST /api/orders/catch-up} ({@code {"store": "..."}}, or every store that runs the
 *       orders flow): the catch-up poll now, on this node; answers what each poll saw and raised.
 * </ul>
 */
public final class OrderEndpoints {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(OrderEndpoints.class);
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;
  private static final long MAX_BODY = 4 * 1024;
  private static final List<String> SEARCH_FIELDS =
      List.of("name", "email", "sku", "store", "limit");
  private static final Set<String> CATCH_UP_FIELDS = Set.of("store");

  private final Storage storage;
  private final SyncConfig sync;
  private final Optional<OrderCatchUp> catchUp;
  private final OrderPaths paths;
  private final AdminAuth auth;

  public OrderEndpoints(Storage storage, SyncConfig sync, Optional<OrderCatchUp> catchUp) {
    this.storage = storage;
    this.sync = sync;
    this.catchUp = catchUp;
    this.paths = new OrderPaths(storage, sync);
    this.auth = new AdminAuth(storage);
  }

  public void register(RouteBook routes) {
    routes.add(HandlerType.GET, "/api/orders", this::search);
    routes.add(HandlerType.GET, "/api/stores/{store}/orders/{order}", this::one);
    routes.add(HandlerType.POST, "/api/orders/catch-up", this::catchUp);
  }

  private void search(Context ctx) {
    auth.require(ctx, Role.VIEWER);
    Map<String, String> params = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> param : ctx.queryParamMap().entrySet()) {
      if (!SEARCH_FIELDS.contains(param.getKey())) {
        throw ApiException.badRequest(NearestName.unknownField(param.getKey(), SEARCH_FIELDS));
      }
      if (param.getValue().size() > 1) {
        throw ApiException.badRequest(param.getKey() + ": given more than once; give it once");
      }
      String value = param.getValue().get(0);
      if (value != null && !value.isBlank()) {
        String problem = Json.textProblem(value);
        if (problem != null) {
          throw ApiException.badRequest(param.getKey() + ": " + problem);
        }
        params.put(param.getKey(), value.strip());
      }
    }
    String store = params.get("store");
    if (store != null && !sync.stores().containsKey(store)) {
      throw ApiException.notFound(
          "no store '" + store + "'; configured: " + sync.stores().keySet());
    }
    int limit = DEFAULT_LIMIT;
    if (params.containsKey("limit")) {
      long parsed = EventQueries.wholeNumber("limit", params.get("limit"));
      if (parsed < 1 || parsed > MAX_LIMIT) {
        throw ApiException.badRequest("limit: must be between 1 and " + MAX_LIMIT);
      }
      limit = (int) parsed;
    }
    ctx.json(Map.of("orders", find(params, store, limit).stream().map(paths::summary).toList()));
  }

  /** The orders one of {@code name}, {@code email}, {@code sku} finds (exactly one is given). */
  private List<OrderStore.OrderLink> find(Map<String, String> params, String store, int limit) {
    List<String> given =
        List.of("name", "email", "sku").stream().filter(params::containsKey).toList();
    if (given.size() != 1) {
      throw ApiException.badRequest(
          "give one of name, email, sku (e.g. ?name=%231001, ?email=ada@example.com, ?sku=SKU-1)"
              + (given.isEmpty() ? "" : "; got " + String.join(", ", given)));
    }
    String value = params.get(given.get(0));
    List<OrderStore.OrderLink> found =
        switch (given.get(0)) {
          case "name" -> storage.orders().byName(value);
          case "email" -> storage.orders().byEmailHash(EventName.emailHash(value), MAX_LIMIT);
          default -> storage.orders().bySku(value, MAX_LIMIT);
        };
    List<OrderStore.OrderLink> kept = new ArrayList<>();
    for (OrderStore.OrderLink link : found) {
      if ((store == null || store.equals(link.store())) && kept.size() < limit) {
        kept.add(link);
      }
    }
    return kept;
  }

  private void one(Context ctx) {
    auth.require(ctx, Role.VIEWER);
    String store = ctx.pathParam("store");
    if (!sync.stores().containsKey(store)) {
      throw ApiException.notFound(
          "no store '" + store + "'; configured: " + sync.stores().keySet());
    }
    String order = ctx.pathParam("order");
    String problem = Json.textProblem(order);
    if (problem != null) {
      throw ApiException.badRequest("order: " + problem);
    }
    List<OrderStore.OrderLink> found = paths.find(store, order);
    if (found.isEmpty()) {
      throw ApiException.notFound("no order '" + order + "' of store " + store);
    }
    ctx.json(paths.path(found.get(0)));
  }

  private void catchUp(Context ctx) {
    auth.require(ctx, Role.OPERATOR);
    byte[] body = RequestBodies.read(ctx, MAX_BODY);
    String store = null;
    if (body.length > 0) {
      RequestBodies.requireJson(ctx);
      JsonNode json = Json.parseRequest(body);
      if (!json.isObject()) {
        throw ApiException.badRequest("the body must be a JSON object: {\"store\": \"...\"}");
      }
      json.fieldNames()
          .forEachRemaining(
              field -> {
                if (!CATCH_UP_FIELDS.contains(field)) {
                  throw ApiException.badRequest(NearestName.unknownField(field, CATCH_UP_FIELDS));
                }
              });
      JsonNode named = json.get("store");
      if (named != null && !named.isNull()) {
        if (!named.isTextual() || named.asText().isBlank()) {
          throw ApiException.badRequest("store: must be a store's name");
        }
        store = named.asText().strip();
      }
    }
    if (store != null) {
      SyncConfig.Store configured = sync.stores().get(store);
      if (configured == null) {
        throw ApiException.notFound(
            "no store '" + store + "'; configured: " + sync.stores().keySet());
      }
      if (!configured.runs(SyncConfig.ORDERS)) {
        throw ApiException.conflict("store '" + store + "' does not run the orders flow");
      }
    }
    OrderCatchUp poll =
        catchUp.orElseThrow(
            () -> ApiException.conflict("no store of this node runs the orders flow"));
    List<OrderCatchUp.Result> results;
    try {
      results = store == null ? poll.pollAll(true) : List.of(poll.poll(store));
    } catch (ApiException e) {
      throw e;
    } catch (RuntimeException e) {
      // Shopify unreachable, throttled, refusing: the operator may try again; never a trace.
      LOG.warn("order catch-up on demand failed: {}", e.toString());
      throw new ApiException(
          502, "catch_up_failed", "the catch-up poll failed: " + e.getClass().getSimpleName());
    }
    List<Map<String, Object>> views = new ArrayList<>();
    for (OrderCatchUp.Result result : results) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("store", result.store());
      view.put("seen", result.seen());
      view.put("raised", result.raised());
      view.put("cursor", result.cursor());
      views.add(view);
    }
    ctx.json(Map.of("polls", views));
  }
}
