package io.stockbridge.admin;

import io.javalin.http.HandlerType;
import io.stockbridge.http.RouteBook;
import io.stockbridge.store.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Health ({@code /health/live}, {@code /health/ready}) and the OpenAPI document ({@code
 * /openapi.json}). Readiness answers within about 0.7 s even when the database hangs (see {@link
 * ReadinessProbe}).
 */
public final class HealthEndpoints {
  private final ReadinessProbe readiness;
  private final byte[] openApi;

  public HealthEndpoints(Storage storage) {
    this.readiness =
        new ReadinessProbe(
            storage,
            ReadinessProbe.DEFAULT_MAX_AGE,
            ReadinessProbe.DEFAULT_ANSWER_WITHIN,
            System::nanoTime);
    try (InputStream in = HealthEndpoints.class.getResourceAsStream("/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the classpath");
      }
      this.openApi = in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read openapi.json", e);
    }
  }

  public void register(RouteBook routes) {
    routes.add(HandlerType.GET, "/health/live", ctx -> ctx.json(Map.of("status", "live")));
    routes.add(
        HandlerType.GET,
        "/health/ready",
        ctx -> {
          String reason = readiness.notReadyReason();
          if (reason == null) {
            ctx.json(Map.of("status", "ready"));
          } else {
            ctx.status(503).json(Map.of("status", "not_ready", "reason", reason));
          }
        });
    routes.add(
        HandlerType.GET,
        "/openapi.json",
        ctx -> ctx.contentType("application/json").result(openApi));
  }
}
