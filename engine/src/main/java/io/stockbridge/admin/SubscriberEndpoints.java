package io.stockbridge.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.stockbridge.auth.Role;
import io.stockbridge.config.FanoutSettings;
import io.stockbridge.event.EventQuery;
import io.stockbridge.fanout.DeliveryStore;
import io.stockbridge.fanout.DeliveryView;
import io.stockbridge.fanout.ReplayFilter;
import io.stockbridge.fanout.SubscriberState;
import io.stockbridge.http.ApiException;
import io.stockbridge.http.Json;
import io.stockbridge.http.RequestBodies;
import io.stockbridge.http.RouteBook;
import io.stockbridge.store.Storage;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Fan-out subscribers under {@code /api}: list them with state and backlog, their deliveries and
 * each delivery's attempts (viewers); pause, resume, enable a disabled one, replay one delivery or
 * all matching a filter after a dry-run count (operators). Subscribers come from the configuration
 * ({@code fanout.subscribers}); their state is shared by every node through the database.
 */
public final class SubscriberEndpoints {
  private static final long MAX_BODY = 16 * 1024;
  private static final Set<String> STATES = Set.of("pending", "delivered", "dead");

  private final Storage storage;
  private final FanoutSettings settings;
  private final Clock clock;
  private final AdminAuth auth;

  public SubscriberEndpoints(Storage storage, FanoutSettings settings, Clock clock) {
    this.storage = storage;
    this.settings = settings;
    this.clock = clock;
    this.auth = new AdminAuth(storage);
  }

  public void register(RouteBook routes) {
    routes.add(HandlerType.GET, "/api/subscribers", this::list);
    routes.add(HandlerType.GET, "/api/subscribers/{name}", this::show);
    routes.add(HandlerType.POST, "/api/subscribers/{name}/pause", ctx -> paused(ctx, true));
    routes.add(HandlerType.POST, "/api/subscribers/{name}/resume", ctx -> paused(ctx, false));
    routes.add(HandlerType.POST, "/api/subscribers/{name}/enable", this::enable);
    routes.add(HandlerType.GET, "/api/subscribers/{name}/deliveries", this::deliveries);
    routes.add(HandlerType.POST, "/api/subscribers/{name}/replay", this::replay);
    routes.add(HandlerType.GET, "/api/deliveries/{id}", this::delivery);
    routes.add(HandlerType.POST, "/api/deliveries/{id}/replay", this::replayOne);
  }

  private DeliveryStore store() {
    return storage.deliveries();
  }

  private FanoutSettings.Subscriber subscriber(Context ctx) {
    String name = ctx.pathParam("name");
    FanoutSettings.Subscriber subscriber = settings.subscribers().get(name);
    if (subscriber == null) {
      throw ApiException.notFound(
          "no subscriber named '" + name + "'; configured: " + settings.subscribers().keySet());
    }
    return subscriber;
  }

  private void list(Context ctx) {
    auth.require(ctx, Role.VIEWER);
    ctx.json(
        Map.of(
            "subscribers",
            settings.subscribers().values().stream()
                .sorted(java.util.Comparator.comparing(FanoutSettings.Subscriber::name))
                .map(this::view)
                .toList()));
  }

  private void show(Context ctx) {
    auth.require(ctx, Role.VIEWER);
    ctx.json(view(subscriber(ctx)));
  }

  private Map<String, Object> view(FanoutSettings.Subscriber subscriber) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", subscriber.name());
    view.put("kind", subscriber.kind().name().toLowerCase(java.util.Locale.ROOT));
    view.put("types", subscriber.types());
    view.put("stores", subscriber.stores());
    view.put("sku", subscriber.skuPattern().map(java.util.regex.Pattern::pattern).orElse(null));
    view.put("order", subscriber.perKey() ? "perKey" : "unordered");
    view.put(
        "retrySeconds", subscriber.schedule().stream().map(java.time.Duration::toSeconds).toList());
    Optional<SubscriberState> state = store().state(subscriber.name());
    view.put("paused", state.map(SubscriberState::paused).orElse(false));
    view.put(
        "failingSince",
        state.map(SubscriberState::failingSince).map(SubscriberEndpoints::time).orElse(null));
    view.put(
        "disabledAt",
        state.map(SubscriberState::disabledAt).map(SubscriberEndpoints::time).orElse(null));
    view.put("disabledReason", state.map(SubscriberState::disabledReason).orElse(null));
    view.put("pending", state.map(SubscriberState::pending).orElse(0L));
    view.put("dead", state.map(SubscriberState::dead).orElse(0L));
    view.put("delivered", state.map(SubscriberState::delivered).orElse(0L));
    view.put(
        "oldestPendingAt",
        state.map(SubscriberState::oldestPendingAt).map(SubscriberEndpoints::time).orElse(null));
    return view;
  }

  private void paused(Context ctx, boolean paused) {
    auth.require(ctx, Role.OPERATOR);
    FanoutSettings.Subscriber subscriber = subscriber(ctx);
    store().ensure(subscriber.name(), clock.millis());
    store().setPaused(subscriber.name(), paused, clock.millis());
    ctx.json(view(subscriber));
  }

  private void enable(Context ctx) {
    auth.require(ctx, Role.OPERATOR);
    FanoutSettings.Subscriber subscriber = subscriber(ctx);
    if (!store().enable(subscriber.name(), clock.millis())) {
      throw ApiException.conflict("subscriber '" + subscriber.name() + "' is not disabled");
    }
    ctx.json(view(subscriber));
  }

  private void deliveries(Context ctx) {
    auth.require(ctx, Role.VIEWER);
    FanoutSettings.Subscriber subscriber = subscriber(ctx);
    String state = ctx.queryParam("state");
    if (state != null && !STATES.contains(state)) {
      throw ApiException.badRequest("state: one of " + STATES + ", got '" + state + "'");
    }
    EventQuery page = EventQueries.paging(ctx);
    int limit = Math.min(page.limit(), 500);
    List<DeliveryView> found = store().deliveries(subscriber.name(), state, page.beforeId(), limit);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("deliveries", found.stream().map(SubscriberEndpoints::deliveryView).toList());
    body.put("nextBefore", found.size() == limit ? found.get(found.size() - 1).id() : null);
    ctx.json(body);
  }

  private void delivery(Context ctx) {
    auth.require(ctx, Role.VIEWER);
    long id = EventQueries.wholeNumber("delivery id", ctx.pathParam("id"));
    DeliveryView view =
        store().delivery(id).orElseThrow(() -> ApiException.notFound("no delivery with id " + id));
    ctx.json(deliveryView(view));
  }

  private void replayOne(Context ctx) {
    auth.require(ctx, Role.OPERATOR);
    long id = EventQueries.wholeNumber("delivery id", ctx.pathParam("id"));
    if (!store().replay(id, clock.millis())) {
      throw ApiException.notFound("no delivery with id " + id);
    }
    ctx.status(202).json(Map.of("id", id, "state", "pending"));
  }

  private void replay(Context ctx) {
    auth.require(ctx, Role.OPERATOR);
    FanoutSettings.Subscriber subscriber = subscriber(ctx);
    byte[] body = RequestBodies.read(ctx, MAX_BODY);
    JsonNode json = Json.MAPPER.createObjectNode();
    if (body.length > 0) {
      RequestBodies.requireJson(ctx);
      json = Json.parseRequest(body);
    }
    ReplayFilter filter = filter(json);
    boolean dryRun = json.path("dryRun").asBoolean(false);
    int count = store().replay(subscriber.name(), filter, dryRun, clock.millis());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("subscriber", subscriber.name());
    answer.put("dryRun", dryRun);
    answer.put(dryRun ? "wouldReplay" : "replayed", count);
    ctx.status(dryRun ? 200 : 202).json(answer);
  }

  private static ReplayFilter filter(JsonNode json) {
    String state = text(json, "state");
    if (state != null && !STATES.contains(state)) {
      throw ApiException.badRequest("state: one of " + STATES + ", got '" + state + "'");
    }
    return new ReplayFilter(
        state,
        text(json, "type"),
        text(json, "store"),
        Optional.ofNullable(text(json, "sku")).map(FanoutSettings::glob),
        instant(json, "since"),
        instant(json, "until"));
  }

  private static String text(JsonNode json, String field) {
    JsonNode node = json.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw ApiException.badRequest(field + ": must be text");
    }
    return node.asText();
  }

  private static Long instant(JsonNode json, String field) {
    String text = text(json, field);
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(field + ": an ISO-8601 instant such as 2026-01-31T10:00:00Z");
    }
  }

  private static Map<String, Object> deliveryView(DeliveryView d) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", d.id());
    view.put("subscriber", d.subscriber());
    view.put("eventId", d.eventId());
    view.put("type", d.type());
    view.put("key", d.key());
    view.put("state", d.state());
    view.put("attempts", d.attempts());
    view.put("nextAttemptAt", d.state().equals("pending") ? time(d.nextAt()) : null);
    view.put("createdAt", time(d.createdAt()));
    view.put("deliveredAt", d.deliveredAt() == null ? null : time(d.deliveredAt()));
    view.put("lastError", d.lastError());
    if (!d.attemptLog().isEmpty()) {
      view.put(
          "attemptLog",
          d.attemptLog().stream()
              .map(
                  a -> {
                    Map<String, Object> attempt = new LinkedHashMap<>();
                    attempt.put("at", time(a.at()));
                    attempt.put("success", a.success());
                    attempt.put("status", a.status());
                    attempt.put("latencyMillis", a.latencyMillis());
                    attempt.put("response", a.excerpt());
                    return attempt;
                  })
              .toList());
    }
    return view;
  }

  private static String time(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }
}
