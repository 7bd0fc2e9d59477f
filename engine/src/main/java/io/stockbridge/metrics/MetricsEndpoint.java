package io.stockbridge.metrics;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.stockbridge.admin.AdminAuth;
import io.stockbridge.auth.Role;
import io.stockbridge.config.MetricsSettings;
import io.stockbridge.http.ApiException;
import io.stockbridge.http.RouteBook;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: Prometheus text format 0.0.4, or OpenMetrics 1.0 when the request's {@code
 * Accept} asks for {@code application/openmetrics-text}. With {@link MetricsSettings#requireKey} it
 * wants an admin API key (viewer or operator: {@code Authorization: Bearer <key>}, as Prometheus's
 * {@code authorization} scrape setting sends it, or {@code X-Api-Key}). 404 when metrics are off.
 */
public final class MetricsEndpoint {
  private final NodeMetrics metrics;
  private final AdminAuth auth;

  /** {@code auth} null: served without a key. */
  public MetricsEndpoint(NodeMetrics metrics, AdminAuth auth) {
    this.metrics = metrics;
    this.auth = auth;
  }

  public void register(RouteBook routes) {
    routes.add(HandlerType.GET, "/metrics", this::scrape);
  }

  private void scrape(Context ctx) {
    if (auth != null) {
      auth.require(ctx, Role.VIEWER);
    }
    NodeMetrics.Scrape scrape =
        metrics
            .scrape(ctx.header("Accept"))
            .orElseThrow(
                () -> new ApiException(404, "not_found", "metrics are off (metrics.enabled)"));
    ctx.status(200);
    ctx.contentType(scrape.contentType());
    ctx.result(scrape.body().getBytes(StandardCharsets.UTF_8));
  }
}
