package io.stockbridge.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.stockbridge.admin.AdminAuth;
import io.stockbridge.admin.EventQueries;
import io.stockbridge.auth.AccessKey;
import io.stockbridge.auth.Role;
import io.stockbridge.http.ApiException;
import io.stockbridge.http.Json;
import io.stockbridge.http.RequestBodies;
import io.stockbridge.http.RouteBook;
import io.stockbridge.store.DashboardReads;
import io.stockbridge.store.Issue;
import io.stockbridge.store.IssueStatus;
import io.stockbridge.store.Storage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's own JSON under {@code /ui/api}: what the admin API does not answer as such
 * (figures over time, issues, connections, batches, a search by id, SKU or product id). Same
 * authentication as the admin API (session cookie with CSRF token, or an API key); viewers read,
 * operators act.
 */
public final class DashboardApi {
  private static final long MAX_BODY = 16 * 1024;
  private static final int ISSUE_LIMIT = 200;

  private final Storage storage;
  private final AdminAuth auth;
  private final IssueTracker issues;
  private final Overview overview;
  private final Connections connections;
  private final EventFinder finder;
  private final Clock clock;
  private final Runnable wakeQueue;

  public DashboardApi(
      Storage storage, Samples samples, Connections connections, Clock clock, Runnable wakeQueue) {
    this(storage, samples, connections, clock, wakeQueue, java.time.Duration.ofSeconds(90));
  }

  /** {@code alertFresh}: an alert issue seen within this long shows as firing on the Overview. */
  public DashboardApi(
      Storage storage,
      Samples samples,
      Connections connections,
      Clock clock,
      Runnable wakeQueue,
      java.time.Duration alertFresh) {
    this.storage = storage;
    this.auth = new AdminAuth(storage);
    this.issues =
        new IssueTracker(storage.dashboardReads(), storage.issues(), storage.queue(), clock);
    this.overview = new Overview(storage.dashboardReads(), samples, issues, clock, alertFresh);
    this.connections = connections;
    this.finder = new EventFinder(storage);
    this.clock = clock;
    this.wakeQueue = wakeQueue;
  }

  public void register(RouteBook routes) {
    routes.add(HandlerType.GET, "/ui/api/overview", this::overview);
    routes.add(HandlerType.GET, "/ui/api/find", this::find);
    routes.add(HandlerType.GET, "/ui/api/events/{id}/failures", this::failures);
    routes.add(HandlerType.GET, "/ui/api/issues", this::listIssues);
    routes.add(HandlerType.POST, "/ui/api/issues/{fingerprint}/status", this::setIssueStatus);
    routes.add(HandlerType.POST, "/ui/api/issues/{fingerprint}/replay", this::replayIssue);
    routes.add(HandlerType.GET, "/ui/api/connections", this::connections);
    routes.add(HandlerType.GET, "/ui/api/batches", this::batches);
  }

  private void overview(Context ctx) {
    auth.require(ctx, Role.VIEWER);
    int minutes = minutes(ctx.queryParam("minutes"));
    Map<String, Object> body = overview.figures(minutes);
    body.put("connections", connections.view(storage, clock.millis()));
    ctx.json(body);
  }

  private void find(Context ctx) {
    auth.require(ctx, Role.VIEWER);
    String q = ctx.queryParam("q");
    if (q == null || q.isBlank()) {
      throw ApiException.badRequest("q: say an event id, a SKU or a Brightpearl product id");
    }
    String before = ctx.queryParam("before");
    ctx.json(
        finder.find(
            q.strip(),
            before == null || before.isBlank()
                ? null
                : EventQueries.wholeNumber("before", before.strip())));
  }

  private void failures(Context ctx) {
    auth.require(ctx, Role.VIEWER);
    String raw = ctx.pathParam("id");
    long id = io.stockbridge.admin.EventQueries.wholeNumber("event id", raw);
    List<Map<String, Object>> views = new ArrayList<>();
    for (DashboardReads.FailingItem item : storage.dashboardReads().failuresOf(id)) {
      views.add(failing(item));
    }
    ctx.json(Map.of("failures", views));
  }

  private void listIssues(Context ctx) {
    auth.require(ctx, Role.VIEWER);
    List<Map<String, Object>> views = new ArrayList<>();
    for (IssueTracker.Current issue : issues.list(ISSUE_LIMIT)) {
      views.add(view(issue));
    }
    ctx.json(Map.of("issues", views));
  }

  private void setIssueStatus(Context ctx) {
    AccessKey key = auth.require(ctx, Role.OPERATOR);
    JsonNode body = jsonBody(ctx);
    IssueStatus status;
    try {
      status = IssueStatus.of(body.path("status").asText(""));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("status: " + e.getMessage());
    }
    String fingerprint = ctx.pathParam("fingerprint");
    if (!storage.issues().setStatus(fingerprint, status, "api key " + key.name(), clock.millis())) {
      throw ApiException.notFound("no issue " + fingerprint);
    }
    ctx.json(Map.of("fingerprint", fingerprint, "status", status.dbValue()));
  }

  private void replayIssue(Context ctx) {
    AccessKey key = auth.require(ctx, Role.OPERATOR);
    String fingerprint = ctx.pathParam("fingerprint");
    IssueTracker.Current issue =
        issues
            .find(fingerprint)
            .orElseThrow(() -> ApiException.notFound("no issue " + fingerprint));
    int redriven = issues.redrive(issue, "api key " + key.name() + " (issue " + fingerprint + ")");
    wakeQueue.run();
    long retrying = issue.failing().stream().filter(i -> i.state().equals("ready")).count();
    ctx.status(202)
        .json(
            Map.of(
                "fingerprint", fingerprint,
                "redriven", redriven,
                "alreadyRetrying", retrying,
                "events", issue.affectedEvents().size()));
  }

  private void connections(Context ctx) {
    auth.require(ctx, Role.VIEWER);
    ctx.json(connections.view(storage, clock.millis()));
  }

  private void batches(Context ctx) {
    auth.require(ctx, Role.VIEWER);
    List<Map<String, Object>> views = new ArrayList<>();
    for (DashboardReads.BatchProgress batch : storage.dashboardReads().recentBatches(50)) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("id", batch.id());
      view.put("name", batch.name());
      view.put("createdAt", Instant.ofEpochMilli(batch.createdAt()).toString());
      view.put("total", batch.total());
      view.put("byStatus", batch.byStatus());
      views.add(view);
    }
    ctx.json(Map.of("batches", views));
  }

  static Map<String, Object> view(IssueTracker.Current current) {
    Issue issue = current.issue();
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("fingerprint", issue.fingerprint());
    view.put("flow", issue.flow());
    view.put("store", issue.store());
    view.put("errorType", issue.errorType());
    view.put("messageShape", issue.messageShape());
    view.put("sample", issue.sample());
    view.put("firstSeen", Instant.ofEpochMilli(issue.firstSeen()).toString());
    view.put("lastSeen", Instant.ofEpochMilli(issue.lastSeen()).toString());
    view.put("occurrences", issue.occurrences());
    view.put("status", issue.status().dbValue());
    view.put("statusAt", Instant.ofEpochMilli(issue.statusAt()).toString());
    view.put("statusBy", issue.statusBy());
    view.put("failingNow", current.failing().size());
    view.put("deadNow", current.failing().stream().filter(i -> i.state().equals("dead")).count());
    view.put("affectedEvents", current.affectedEvents().stream().limit(100).toList());
    return view;
  }

  static Map<String, Object> failing(DashboardReads.FailingItem item) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("itemId", item.itemId());
    view.put("eventId", item.eventId());
    view.put("flow", item.flow());
    view.put("store", item.store());
    view.put("state", item.state());
    view.put("attempts", item.attempts());
    view.put("errorType", item.errorType());
    view.put("error", item.lastError());
    view.put("causes", item.errorCauses());
    view.put("at", Instant.ofEpochMilli(item.updatedAt()).toString());
    return view;
  }

  private static int minutes(String raw) {
    if (raw == null || raw.isBlank()) {
      return 60;
    }
    try {
      int minutes = Integer.parseInt(raw);
      if (minutes >= 1 && minutes <= 60) {
        return minutes;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest(
        "minutes: must be a whole number from 1 to 60, got '" + raw + "'");
  }

  private static JsonNode jsonBody(Context ctx) {
    byte[] body = RequestBodies.read(ctx, MAX_BODY);
    RequestBodies.requireJson(ctx);
    return Json.parseRequest(body);
  }
}
