package io.stockbridge.observe;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;

/**
 * The trace of one ingest request ({@link Tracing#ingest}): its span (none when tracing is off),
 * its trace id (stored with the event) and the logging context of the request, until closed. Used
 * by the request's thread.
 */
public final class IngestTrace implements AutoCloseable {
  private final Tracing tracing;
  private final Span span;
  private final String traceId;
  private final LogContext log;

  private static final AttributeKey<Boolean> DUPLICATE =
      AttributeKey.booleanKey("stockbridge.duplicate");

  IngestTrace(Tracing tracing, Span span, String traceId) {
    this.tracing = tracing;
    this.span = span;
    this.traceId = traceId;
    this.log = LogContext.ofTrace(traceId);
  }

  /** The trace id to store with the event: 32 hex digits. */
  public String traceId() {
    return traceId;
  }

  /**
   * The request's event is stored as {@code eventId} ({@code duplicate}: it was stored before, in
   * its own trace). A new event gets its own span, the parent of all its later work.
   */
  public void stored(long eventId, boolean duplicate, String store) {
    LogContext.put(LogContext.EVENT_ID, Long.toString(eventId));
    if (store != null) {
      LogContext.put(LogContext.STORE, store);
    }
    if (span != null) {
      span.setAttribute(Tracing.EVENT_ID, eventId);
      span.setAttribute(DUPLICATE, duplicate);
      if (!duplicate) {
        tracing.recordEvent(span, eventId);
      }
    }
  }

  /** The request was refused with {@code status}. */
  public void refused(int status, String reason) {
    if (span != null) {
      span.setAttribute("http.response.status_code", status);
      span.setStatus(StatusCode.ERROR, reason);
    }
  }

  @Override
  public void close() {
    if (span != null) {
      span.end();
    }
    log.close();
  }
}
