package io.stockbridge.http;

import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.server.Request;

/**
 * Carries the template of the route that serves a request from that route (fast or Javalin) back
 * out to {@link ObservingHandler}, as a request attribute. One instance per request.
 */
final class MatchedRoute {
  static final String ATTRIBUTE = MatchedRoute.class.getName();

  private volatile String template = ObservedRequest.UNMATCHED;

  String template() {
    return template;
  }

  static void record(Request request, String template) {
    if (request.getAttribute(ATTRIBUTE) instanceof MatchedRoute matched) {
      matched.template = template;
    }
  }

  static void record(HttpServletRequest request, String template) {
    if (request.getAttribute(ATTRIBUTE) instanceof MatchedRoute matched) {
      matched.template = template;
    }
  }
}
