package io.stockbridge.http;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.stockbridge.store.StorageException;
import java.util.Map;
import java.util.UUID;
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
          String incident = UUID.randomUUID().toString();
          LOG.error("storage unavailable (incident {}): {}", incident, e.getMessage());
          ctx.status(503)
              .json(
                  Map.of(
                      "error",
                      "unavailable",
                      "message",
                      "storage is unavailable; nothing was accepted; retry later (incident "
                          + incident
                          + ")"));
        });
    app.exception(
        Exception.class,
        (e, ctx) -> {
          String incident = UUID.randomUUID().toString();
          LOG.error(
              "unexpected error (incident {}) on {} {}", incident, ctx.method(), ctx.path(), e);
          ctx.status(500)
              .json(
                  Map.of(
                      "error",
                      "internal",
                      "message",
                      "internal error; see the service log for incident " + incident));
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
}
