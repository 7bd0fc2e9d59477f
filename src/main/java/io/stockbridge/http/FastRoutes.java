package io.stockbridge.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * Serves a few hot routes (the webhook endpoints) straight from Jetty, ahead of Javalin's servlet,
 * session and routing layers, which cost more than the rest of such a request. Everything else, and
 * any request these routes do not match exactly, goes on to Javalin unchanged. Errors are answered
 * with the same mapping as Javalin's ({@link HttpServer#errorReply}). Thread-safe.
 */
public final class FastRoutes extends HandlerWrapper {
  /** Handles one exchange; may throw, like a Javalin handler. */
  @FunctionalInterface
  public interface Handler {
    void handle(Exchange exchange) throws Exception;
  }

  private record Route(String method, String[] segments, Handler handler) {}

  private final List<Route> routes = new CopyOnWriteArrayList<>();

  /** A path such as {@code /webhooks/brightpearl/{account}}: literal segments or one parameter. */
  void add(String method, String path, Handler handler) {
    routes.add(new Route(method, split(path), handler));
  }

  private static String[] split(String path) {
    return (path.startsWith("/") ? path.substring(1) : path).split("/", -1);
  }

  @Override
  public void handle(
      String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException, jakarta.servlet.ServletException {
    String method = request.getMethod();
    for (Route route : routes) {
      if (!route.method().equals(method)) {
        continue;
      }
      Map<String, String> params = match(route.segments(), target);
      if (params != null) {
        baseRequest.setHandled(true);
        Exchange exchange = new Exchange(request, response, params);
        try {
          route.handler().handle(exchange);
        } catch (Exception e) {
          HttpServer.ErrorReply reply = HttpServer.errorReply(e, method, target);
          if (!response.isCommitted()) {
            response.reset();
            exchange.respondJson(reply.status(), Json.MAPPER.writeValueAsBytes(reply.body()));
          }
        }
        return;
      }
    }
    super.handle(target, baseRequest, request, response);
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
