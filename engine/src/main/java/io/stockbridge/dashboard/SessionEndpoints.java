package io.stockbridge.dashboard;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.stockbridge.auth.SessionCookies;
import io.stockbridge.http.ApiException;
import io.stockbridge.http.Json;
import io.stockbridge.http.RequestBodies;
import io.stockbridge.http.RouteBook;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dashboard login and logout: {@code POST /ui/login} with {@code {"key": ...}} (JSON only, which a
 * cross-site form cannot send) opens a session; {@code GET /ui/session} says who is logged in and
 * hands the page its CSRF token; {@code POST /ui/logout} (with that token) ends it. The key is
 * never echoed or logged.
 */
public final class SessionEndpoints {
  private static final Logger LOG = LoggerFactory.getLogger(SessionEndpoints.class);
  private static final long MAX_BODY = 4 * 1024;

  private final SessionCookies sessions;

  public SessionEndpoints(SessionCookies sessions) {
    this.sessions = sessions;
  }

  public void register(RouteBook routes) {
    routes.add(HandlerType.POST, "/ui/login", this::login);
    routes.add(HandlerType.GET, "/ui/session", this::session);
    routes.add(HandlerType.POST, "/ui/logout", this::logout);
  }

  private void login(Context ctx) {
    byte[] body = RequestBodies.read(ctx, MAX_BODY);
    RequestBodies.requireJson(ctx);
    String key = Json.parseRequest(body).path("key").asText("").strip();
    if (key.isEmpty()) {
      throw ApiException.badRequest("key: paste an API key");
    }
    SessionCookies.Opened opened;
    try {
      opened = sessions.login(ctx, key);
    } catch (ApiException e) {
      LOG.warn("dashboard login refused from {}: {}", ctx.ip(), e.getMessage());
      throw e;
    }
    LOG.info("dashboard login by API key '{}'", opened.key().name());
    ctx.json(view(opened.session(), opened.key()));
  }

  private void session(Context ctx) {
    SessionCookies.Current current =
        sessions
            .current(ctx)
            .orElseThrow(() -> ApiException.unauthorized("not logged in (or the session expired)"));
    ctx.json(view(current.session(), current.key()));
  }

  private void logout(Context ctx) {
    if (sessions.authenticate(ctx).isEmpty()) {
      throw ApiException.unauthorized("not logged in");
    }
    sessions.logout(ctx);
    ctx.json(Map.of("loggedOut", true));
  }

  private static Map<String, Object> view(
      io.stockbridge.auth.Sessions.Session session, io.stockbridge.auth.AccessKey key) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", key.name());
    view.put("role", key.role().dbValue());
    view.put("csrfToken", session.csrfToken());
    view.put("expiresAt", Instant.ofEpochMilli(session.expiresAt()).toString());
    return view;
  }
}
