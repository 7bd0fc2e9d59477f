package io.stockbridge.http;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves a few hot routes (the webhook endpoints) straight from Jetty's core handler API, ahead of
 * Javalin's servlet, session and routing layers, which cost more than the rest of such a request.
 * Everything else, and any request these routes do not match exactly, goes on to Javalin unchanged.
 * Errors are answered with the same mapping as Javalin's ({@link HttpServer#errorReply}); requests
 * are observed like any other ({@link RequestObserver}). Thread-safe.
 */
public final class FastRoutes extends org.eclipse.jetty.server.Handler.Wrapper {
  /** Handles one exchange; may throw, like a Javalin handler. */
  @FunctionalInterface
  public interface Handler {
    void handle(Exchange exchange) throws Exception;
  }

  private record Route(String method, String template, String[] segments, Handler handler) {}

  private final List<Route> routes = new CopyOnWriteArrayList<>();

  /** A path such as {@code /webhooks/brightpearl/{account}}: literal segments or one parameter. */
  void add(String method, String path, Handler handler) {
    routes.add(new Route(method, path, split(path), handler));
  }

  private static String[] split(String path) {
    return (path.startsWith("/") ? path.substring(1) : path).split("/", -1);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String method = request.getMethod();
    String target = Request.getPathInContext(request);
    for (Route route : routes) {
      if (!route.method().equals(method)) {
        continue;
      }
      Map<String, String> params = match(route.segments(), target);
      if (params != null) {
        MatchedRoute.record(request, route.template());
        serve(route, new CoreExchange(request, response, callback, params), method, target);
        return true;
      }
    }
    return super.handle(request, response, callback);
  }

  private static void serve(Route route, CoreExchange exchange, String method, String target)
      throws Exception {
    try {
      route.handler().handle(exchange);
    } catch (Exception e) {
      HttpServer.ErrorReply reply = HttpServer.errorReply(e, method, target);
      if (!exchange.responded()) {
        exchange.discardHeaders();
        exchange.respondJson(reply.status(), Json.MAPPER.writeValueAsBytes(reply.body()));
      }
      return;
    }
    if (!exchange.responded()) {
      exchange.finishUnanswered();
    }
  }

  /** The path parameters if {@code target} matches the route's segments, else null. */
  private static Map<String, String> match(String[] segments, String target) {
    if (target == null || !target.startsWith("/")) {
      return null;
    }
    Map<String, String> params = null;
    int start = 1;
    for (int i = 0; i < segments.length; i++) {
      int end = target.indexOf('/', start);
      boolean last = i == segments.length - 1;
      if (last ? end >= 0 : end < 0) {
        return null;
      }
      String part = target.substring(start, last ? target.length() : end);
      String segment = segments[i];
      if (segment.startsWith("{") && segment.endsWith("}")) {
        if (part.isEmpty()) {
          return null;
        }
        if (params == null) {
          params = new HashMap<>(2);
        }
        params.put(segment.substring(1, segment.length() - 1), part);
      } else if (!segment.equals(part)) {
        return null;
      }
      start = end + 1;
    }
    return params == null ? Map.of() : params;
  }
}
