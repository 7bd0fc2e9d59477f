package io.stockbridge.http;

/**
 * Sees every request the HTTP server answers, the webhooks served by {@link FastRoutes} and the
 * Javalin routes alike, once each, after its response is complete (or has failed). The one place
 * for request metrics, tracing or access logs to plug in.
 *
 * <p>Called on the thread that completes the response, so an implementation must be thread-safe and
 * quick; it must not block. An exception it throws is logged and does not affect the response.
 */
@FunctionalInterface
public interface RequestObserver {
  /** Observes nothing. */
  RequestObserver NONE = request -> {};

  void observe(ObservedRequest request);
}
