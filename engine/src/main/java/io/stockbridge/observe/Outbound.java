package io.stockbridge.observe;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.util.Map;

/**
 * One traced outbound HTTP call ({@link Tracing#outbound}): the headers to send with it and its
 * client span, ended by {@link #close}. Used by the calling thread.
 */
public final class Outbound implements AutoCloseable {
  static final Outbound NONE = new Outbound(null, Map.of());

  private final Span span;
  private final Map<String, String> headers;

  Outbound(Span span, Map<String, String> headers) {
    this.span = span;
    this.headers = headers;
  }

  /** Headers to add to the request ({@code traceparent}); empty when nothing is traced. */
  public Map<String, String> headers() {
    return headers;
  }

  /** The answer's HTTP status. */
  public void status(int status) {
    if (span != null) {
      span.setAttribute("http.response.status_code", status);
      if (status >= 400) {
        span.setStatus(StatusCode.ERROR, "HTTP " + status);
      }
    }
  }

  /** The call failed without an answer (or its answer could not be used). */
  public void failed(Throwable error) {
    if (span != null) {
      span.setStatus(StatusCode.ERROR, error.getClass().getSimpleName());
      span.setAttribute("error.type", error.getClass().getName());
    }
  }

  @Override
  public void close() {
    if (span != null) {
      span.end();
    }
  }
}
