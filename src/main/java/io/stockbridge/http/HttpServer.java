package io.stockbridge.http;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.stockbridge.store.StorageException;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.HandlerWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the embedded HTTP server (Javalin on Jetty, virtual threads) with one error mapping:
 * {@link ApiException} becomes its status and reason; a database failure becomes 503; anything else
 * becomes 500 with an incident id that is in the log, never a stack trace.
 */
public final class HttpServer {
  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

  private HttpServer() {}

  public static Javalin create() {
    Javalin app =
        Javalin.create(
            config -> {
              config.useVirtualThreads = true;
              config.showJavalinBanner = false;
              config.startupWatcherEnabled = false;
              // Bodies are read through RequestBodies with the configured limit; this only backs it
              // up.
              config.http.maxRequestSize = 256L * 1024 * 1024;
              config.jsonMapper(new JavalinJackson(Json.MAPPER, true));
            });
    installFastRoutes(app);
    app.exception(
        ApiException.class,
        (e, ctx) ->
            ctx.status(e.status()).json(Map.of("error", e.code(), "message", e.getMessage())));
    app.exception(
        HttpResponseException.class,
        (e, ctx) -> {
          String message =
              e.getStatus() == 404
                  ? "no endpoint " + ctx.method() + " " + ctx.path()
                  : e.getMessage();
          ctx.status(e.getStatus())
              .json(Map.of("error", "http_" + e.getStatus(), "message", message));
        });
    app.exception(
        StorageException.class,
        (e, ctx) -> {
          ErrorReply reply = errorReply(e, ctx.method().name(), ctx.path());
          ctx.status(reply.status()).json(reply.body());
        });
    app.exception(
        Exception.class,
        (e, ctx) -> {
          ErrorReply reply = errorReply(e, ctx.method().name(), ctx.path());
          ctx.status(reply.status()).json(reply.body());
        });
    app.error(
        404,
        ctx -> {
          if (ctx.result() == null || ctx.result().isEmpty() || "Not Found".equals(ctx.result())) {
            ctx.json(
                Map.of(
                    "error",
                    "not_found",
                    "message",
                    "no endpoint " + ctx.method() + " " + ctx.path()));
          }
        });
    app.error(
        405,
        ctx ->
            ctx.json(
                Map.of(
                    "error",
                    "method_not_allowed",
                    "message",
                    ctx.method() + " is not allowed on " + ctx.path())));
    return app;
  }

  /** An error's status and JSON body. */
  public record ErrorReply(int status, Map<String, String> body) {}

  /**
   * The one error mapping (also used by {@link FastRoutes}): an ApiException is its status and
   * reason, a storage failure 503, anything else 500 with an incident id that is in the log.
   */
  public static ErrorReply errorReply(Exception e, String method, String path) {
    if (e instanceof ApiException api) {
      return new ErrorReply(api.status(), Map.of("error", api.code(), "message", api.getMessage()));
    }
    String incident = UUID.randomUUID().toString();
    if (e instanceof StorageException) {
      LOG.error("storage unavailable (incident {}): {}", incident, e.getMessage());
      return new ErrorReply(
          503,
          Map.of(
              "error",
              "unavailable",
              "message",
              "storage is unavailable; nothing was accepted; retry later (incident "
                  + incident
                  + ")"));
    }
    LOG.error("unexpected error (incident {}) on {} {}", incident, method, path, e);
    return new ErrorReply(
        500,
        Map.of(
            "error",
            "internal",
            "message",
            "internal error; see the service log for incident " + incident));
  }

  /**
   * Puts {@link FastRoutes} innermost in the server's handler chain (after Jetty's statistics
   * handler, so graceful stops still count its requests); Javalin attaches its servlet behind it.
   */
  private static void installFastRoutes(Javalin app) {
    Server server = app.jettyServer().server();
    FastRoutes fast = new FastRoutes();
    Handler handler = server.getHandler();
    if (handler == null) {
      server.setHandler(fast);
      return;
    }
    HandlerWrapper innermost = (HandlerWrapper) handler;
    while (innermost.getHandler() instanceof HandlerWrapper next) {
      innermost = next;
    }
    innermost.setHandler(fast);
  }

  /** The fast routes installed on this server. */
  static FastRoutes fastRoutes(Javalin app) {
    Handler handler = app.jettyServer().server().getHandler();
    while (handler instanceof HandlerWrapper wrapper) {
      if (wrapper instanceof FastRoutes fast) {
        return fast;
      }
      handler = wrapper.getHandler();
    }
    throw new IllegalStateException("the server was not created by HttpServer.create()");
  }
}
