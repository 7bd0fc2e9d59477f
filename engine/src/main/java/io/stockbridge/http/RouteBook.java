package io.stockbridge.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the routes of a server before {@link HttpServer#create} builds it (Javalin 7 takes its
 * routes up front), and remembers them, so a test can hold the OpenAPI document to exactly the
 * routes that exist. Not thread-safe; used while wiring.
 */
public final class RouteBook {
  /** A registered route, e.g. GET /api/events/{id}. */
  public record Entry(String method, String path) {}

  private record Registration(
      HandlerType method, String path, Handler handler, FastRoutes.Handler fast) {}

  private final List<Registration> registrations = new ArrayList<>();

  public void add(HandlerType method, String path, Handler handler) {
    registrations.add(new Registration(method, path, handler, null));
  }

  /**
   * A hot route served by {@link FastRoutes} straight from Jetty; Javalin knows it too (the same
   * handler), so it is listed and answered the same way whichever layer takes the request.
   */
  public void addFast(HandlerType method, String path, FastRoutes.Handler handler) {
    registrations.add(
        new Registration(method, path, ctx -> handler.handle(new ContextExchange(ctx)), handler));
  }

  public List<Entry> entries() {
    return registrations.stream().map(r -> new Entry(r.method().name(), r.path())).toList();
  }

  /** Registers every route with Javalin (each naming its template to the observer) and fast. */
  void registerOn(RoutesConfig javalin, FastRoutes fast) {
    for (Registration route : registrations) {
      String path = route.path();
      Handler handler = route.handler();
      javalin.addHttpHandler(
          route.method(),
          path,
          ctx -> {
            MatchedRoute.record(ctx.req(), path);
            handler.handle(ctx);
          });
      if (route.fast() != null) {
        fast.add(route.method().name(), path, route.fast());
      }
    }
  }
}
