package io.stockbridge.observe;

import java.util.Map;
import org.slf4j.MDC;

/**
 * The logging context (SLF4J's MDC) of the work a thread does for an event: {@value #EVENT_ID},
 * {@value #TRACE_ID}, {@value #FLOW}, {@value #STORE}. Ingestion, the dispatcher and the flows set
 * it; every log line written meanwhile carries it (see {@code logback.xml} and {@link LogFormat}).
 * {@link #close} puts back what the thread had before. Used by one thread.
 */
public final class LogContext implements AutoCloseable {
  public static final String EVENT_ID = "eventId";
  public static final String TRACE_ID = "traceId";
  public static final String FLOW = "flow";
  public static final String STORE = "store";

  /** Longest event-id list kept in a line's context (a batch's ID set). */
  static final int MAX_EVENT_IDS_TEXT = 200;

  private final Map<String, String> before;

  private LogContext(Map<String, String> before) {
    this.before = before;
  }

  /** Sets the given fields (null leaves a field unset) until {@link #close}. */
  public static LogContext of(String eventId, String traceId, String flow, String store) {
    LogContext context = new LogContext(MDC.getCopyOfContextMap());
    put(EVENT_ID, eventId);
    put(TRACE_ID, traceId);
    put(FLOW, flow);
    put(STORE, store);
    return context;
  }

  /**
   * Sets the trace id only, the other fields unset, until {@link #close}: what an ingest request
   * starts with. On a thread with no context yet (a request's own virtual thread) nothing needs
   * removing.
   */
  public static LogContext ofTrace(String traceId) {
    Map<String, String> before = MDC.getCopyOfContextMap();
    if (before == null || before.isEmpty()) {
      LogContext context = new LogContext(before);
      put(TRACE_ID, traceId);
      return context;
    }
    return of(null, traceId, null, null);
  }

  /** Sets one field of the current context (kept until the enclosing context closes). */
  public static void put(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(
          key,
          value.length() > MAX_EVENT_IDS_TEXT
              ? value.substring(0, MAX_EVENT_IDS_TEXT) + "..."
              : value);
    }
  }

  /** A copy of this thread's context, to carry onto another thread ({@link #restore}). */
  public static Map<String, String> capture() {
    return MDC.getCopyOfContextMap();
  }

  /** Sets {@code captured} as this thread's context until {@link #close}. */
  public static LogContext restore(Map<String, String> captured) {
    LogContext context = new LogContext(MDC.getCopyOfContextMap());
    if (captured == null) {
      MDC.clear();
    } else {
      MDC.setContextMap(captured);
    }
    return context;
  }

  @Override
  public void close() {
    if (before == null) {
      MDC.clear();
    } else {
      MDC.setContextMap(before);
    }
  }
}
