package io.stockbridge.http;

import java.time.Duration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outermost handler of the server: times every request and hands it to the {@link
 * RequestObserver} once its response is complete, whichever handler inside served it. Thread-safe.
 */
final class ObservingHandler extends Handler.Wrapper {
  private static final Logger LOG = LoggerFactory.getLogger(ObservingHandler.class);

  private final RequestObserver observer;

  ObservingHandler(RequestObserver observer) {
    this.observer = observer;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    long start = System.nanoTime();
    MatchedRoute matched = new MatchedRoute();
    request.setAttribute(MatchedRoute.ATTRIBUTE, matched);
    Callback observed =
        new Callback.Nested(callback) {
          @Override
          public void succeeded() {
            report(request, response, matched, start, false);
            super.succeeded();
          }

          @Override
          public void failed(Throwable cause) {
            report(request, response, matched, start, true);
            super.failed(cause);
          }
        };
    boolean handled;
    try {
      handled = super.handle(request, response, observed);
    } catch (Exception | Error e) {
      report(request, response, matched, start, true);
      throw e;
    }
    if (!handled) {
      // Jetty answers 404 itself; the callback we passed on is never called.
      report(request, 404, matched, start);
    }
    return handled;
  }

  private void report(
      Request request, Response response, MatchedRoute matched, long start, boolean failed) {
    // A response completed without a status set goes out as 200.
    int status = response.getStatus() == 0 ? 200 : response.getStatus();
    report(request, failed && !response.isCommitted() ? 500 : status, matched, start);
  }

  private void report(Request request, int status, MatchedRoute matched, long start) {
    try {
      observer.observe(
          new ObservedRequest(
              request.getMethod(),
              matched.template(),
              status,
              Duration.ofNanos(System.nanoTime() - start)));
    } catch (RuntimeException e) {
      LOG.warn("request observer failed on {} {}", request.getMethod(), matched.template(), e);
    }
  }
}
