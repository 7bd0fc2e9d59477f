package io.stockbridge.http;

import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers routes on the server and remembers them, so a test can hold the OpenAPI document to
 * exactly the routes that exist. Not thread-safe; used while wiring.
 */
public final class RouteBook {
  /** A registered route, e.g. GET /api/events/{id}. */
  public record Entry(String method, String path) {}

  private final Javalin app;
  private final List<Entry> entries = new ArrayList<>();

  public RouteBook(Javalin app) {
    this.app = app;
  }

  public void add(HandlerType method, String path, Handler handler) {
    app.addHttpHandler(method, path, handler);
    entries.add(new Entry(method.name(), path));
  }

  /**
   * A hot route served by {@link FastRoutes} straight from Jetty; Javalin knows it too (the same
   * handler), so it is listed and answered the same way whichever layer takes the request.
   */
  public void addFast(HandlerType method, String path, FastRoutes.Handler handler) {
    app.addHttpHandler(
        method,
        path,
        ctx -> handler.handle(new Exchange(ctx.req(), ctx.res(), ctx.pathParamMap())));
    HttpServer.fastRoutes(app).add(method.name(), path, handler);
    entries.add(new Entry(method.name(), path));
  }

  public List<Entry> entries() {
    return List.copyOf(entries);
  }
}
