package io.stockbridge.http;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.stockbridge.StorageException;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the embedded HTTP server (Javalin 7 on Jetty 12, virtual threads) with one error mapping:
 * {@link ApiException} becomes its status and reason; a database failure becomes 503; anything else
 * becomes 500 with an incident id that is in the log, never a stack trace.
 */
public final class HttpServer {
  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

  /**
   * Most platform threads Jetty keeps (selectors, acceptors, reserved threads); handlers are
   * virtual.
   */
  private static final int PLATFORM_THREADS = 64;

  private HttpServer() {}

  /**
   * A server serving {@code routes} (not started); {@code observer} sees every request it answers
   * ({@link RequestObserver#NONE} for nobody).
   */
  public static Javalin create(RouteBook routes, RequestObserver observer) {
    FastRoutes fast = new FastRoutes();
    return Javalin.create(
        config -> {
          config.concurrency.useVirtualThreads = true;
          config.jetty.threadPool = threadPool();
          config.startup.showJavalinBanner = false;
          config.startup.startupWatcherEnabled = false;
          // Bodies are read through RequestBodies with the configured limit; this only backs it
          // up.
          config.http.maxRequestSize = 256L * 1024 * 1024;
          config.jsonMapper(new JavalinJackson(Json.MAPPER, true));
          config.jetty.modifyServer(server -> installHandlers(server, fast, observer));
          routes.registerOn(config.routes, fast);
          errorMapping(config.routes);
        });
  }

  /**
   * Jetty's own virtual-thread setup: selectors, acceptors and non-blocking tasks on a small pool
   * of platform threads, every request handler (which may block, e.g. until its event is durable)
   * on a virtual thread of its own. Javalin's default runs the selectors on virtual threads too,
   * where each blocking select holds one of the few carrier threads.
   */
  private static QueuedThreadPool threadPool() {
    QueuedThreadPool platform = new QueuedThreadPool(PLATFORM_THREADS, 4, 60_000);
    platform.setName("http");
    VirtualThreadPool virtual = new VirtualThreadPool();
    virtual.setName("http-virtual");
    platform.setVirtualThreadsExecutor(virtual);
    return platform;
  }

  private static void errorMapping(RoutesConfig routes) {
    routes.exception(
        ApiException.class,
        (e, ctx) -> {
          RejectionLog.warn(ctx.method().name(), ctx.path(), e.status(), e.getMessage());
          ctx.status(e.status()).json(Map.of("error", e.code(), "message", e.getMessage()));
        });
    routes.exception(
        HttpResponseException.class,
        (e, ctx) -> {
          String message =
              e.getStatus() == 404
                  ? "no endpoint " + ctx.method() + " " + ctx.path()
                  : e.getMessage();
          ctx.status(e.getStatus())
              .json(Map.of("error", JsonErrorHandler.code(e.getStatus()), "message", message));
        });
    routes.exception(
        StorageException.class,
        (e, ctx) -> {
          ErrorReply reply = errorReply(e, ctx.method().name(), ctx.path());
          ctx.status(reply.status()).json(reply.body());
        });
    routes.exception(
        Exception.class,
        (e, ctx) -> {
          ErrorReply reply = errorReply(e, ctx.method().name(), ctx.path());
          ctx.status(reply.status()).json(reply.body());
        });
    routes.error(
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
    routes.error(
        405,
        ctx ->
            ctx.json(
                Map.of(
                    "error",
                    "method_not_allowed",
                    "message",
                    ctx.method() + " is not allowed on " + ctx.path())));
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
   * Puts {@link ObservingHandler} outermost in the server's handler chain, so it times every
   * request, and {@link FastRoutes} innermost (after Jetty's statistics handler, so graceful stops
   * still count its requests); Javalin attaches its servlet context behind the fast routes when it
   * starts.
   */
  private static void installHandlers(Server server, FastRoutes fast, RequestObserver observer) {
    server.setErrorHandler(new JsonErrorHandler());
    Handler handler = server.getHandler();
    if (handler == null) {
      server.setHandler(fast);
    } else {
      Handler.Wrapper innermost = (Handler.Wrapper) handler;
      while (innermost.getHandler() instanceof Handler.Wrapper next) {
        innermost = next;
      }
      innermost.setHandler(fast);
    }
    server.insertHandler(new ObservingHandler(observer));
  }
}
