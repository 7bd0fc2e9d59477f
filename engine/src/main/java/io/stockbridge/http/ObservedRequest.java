package io.stockbridge.http;

import java.time.Duration;

/**
 * One answered request, as a {@link RequestObserver} sees it.
 *
 * @param method the HTTP method, e.g. {@code POST}
 * @param route the template of the route that served it, e.g. {@code
 *     /webhooks/brightpearl/{account}} (never the concrete path, so it is safe as a metric label),
 *     or {@link #UNMATCHED} when no route matched (a 404 or 405)
 * @param status the HTTP status sent; 500 when the response failed before a status was sent
 * @param duration from the request reaching the server's handlers to its response being complete
 */
public record ObservedRequest(String method, String route, int status, Duration duration) {
  /** The route of a request that matched none. */
  public static final String UNMATCHED = "unmatched";
}
