package io.stockbridge.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.stockbridge.http.ObservedRequest;
import io.stockbridge.http.RequestObserver;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code stockbridge_http_requests_seconds}: every answered request (the webhook fast path
 * included) by method, route template and status. The route is a template, never a concrete path.
 */
public final class HttpMetrics implements RequestObserver {
  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
  private final BoundedLabel routes = new BoundedLabel(200);

  public HttpMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void observe(ObservedRequest request) {
    String route = routes.of(request.route());
    String status = Integer.toString(request.status());
    String key = request.method() + ' ' + route + ' ' + status;
    Timer timer = timers.get(key);
    if (timer == null) {
      timer =
          timers.computeIfAbsent(
              key,
              k ->
                  Timer.builder(NodeMetrics.PREFIX + ".http.requests")
                      .description("HTTP requests answered, by method, route template and status")
                      .tag("method", request.method())
                      .tag("route", route)
                      .tag("status", status)
                      .register(registry));
    }
    timer.record(request.duration());
  }
}
