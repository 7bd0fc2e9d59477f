package io.stockbridge.observe;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.stockbridge.idset.IdSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The handling of one claim's items of one flow ({@link Tracing#work}): each item's queue-wait and
 * flow spans in its event's trace, a batch span linked to all of them when there are several, and
 * the logging context; current until {@link #close}. Flows that take their items one by one switch
 * to an item's own context with {@link Tracing#item}. Opened and closed by one thread.
 */
public final class WorkTrace implements AutoCloseable {
  static final ContextKey<WorkTrace> KEY = ContextKey.named("stockbridge.work");

  private final String flow;
  private final Map<Long, Context> items = new HashMap<>();
  private final Map<Long, WorkRef> refs = new HashMap<>();
  private final List<Span> spans = new ArrayList<>();
  private final Span batch;
  private final Scope scope;
  private final LogContext log;

  @SuppressWarnings("MustBeClosedChecker") // close() closes the scope
  WorkTrace(Tracing tracing, Tracer tracer, String flow, List<WorkRef> work, long claimedAt) {
    this.flow = flow;
    Set<Long> eventIds = new LinkedHashSet<>();
    String commonStore = work.isEmpty() ? null : work.get(0).store();
    for (WorkRef ref : work) {
      refs.put(ref.workItemId(), ref);
      if (ref.eventId() != null) {
        eventIds.add(ref.eventId());
      }
      if (commonStore != null && !commonStore.equals(ref.store())) {
        commonStore = null;
      }
      Context event =
          Tracing.eventContext(ref.traceId(), ref.eventId())
              .with(Tracing.EVENT, new Tracing.EventRef(ref.eventId(), ref.traceId()));
      if (tracer != null) {
        Tracing.timed(
            attributes(tracer.spanBuilder("queue.wait").setParent(event), ref)
                .setAttribute(
                    "stockbridge.queue.wait_ms", Math.max(0, claimedAt - ref.dueAtMillis())),
            ref.dueAtMillis(),
            claimedAt);
        Span span =
            attributes(tracer.spanBuilder("flow " + flow).setParent(event), ref).startSpan();
        spans.add(span);
        event = event.with(span).with(Tracing.KEY, tracing);
      }
      items.put(ref.workItemId(), event.with(KEY, this));
    }
    Context current;
    String traceId;
    if (work.size() == 1) {
      current = items.get(work.get(0).workItemId());
      batch = null;
      traceId = work.get(0).traceId();
    } else if (tracer != null && !work.isEmpty()) {
      Context first = items.get(work.get(0).workItemId());
      SpanBuilder builder =
          tracer
              .spanBuilder("flow " + flow + " batch")
              .setParent(first)
              .setAttribute(Tracing.FLOW, flow)
              .setAttribute("stockbridge.items", work.size());
      int linked = 0;
      for (Span span : spans) {
        if (linked++ < Tracing.MAX_LINKS) {
          builder.addLink(span.getSpanContext());
        }
      }
      batch = builder.startSpan();
      current = first.with(batch).with(Tracing.EVENT, new Tracing.EventRef(null, null));
      traceId = batch.getSpanContext().getTraceId();
    } else {
      batch = null;
      current = Context.current().with(KEY, this);
      traceId = work.isEmpty() ? null : work.get(0).traceId();
    }
    String ids =
        eventIds.size() == 1
            ? eventIds.iterator().next().toString()
            : eventIds.isEmpty() ? null : IdSet.of(eventIds).toString();
    this.log = LogContext.of(ids, traceId, flow, commonStore);
    this.scope = current.makeCurrent();
  }

  private SpanBuilder attributes(SpanBuilder builder, WorkRef ref) {
    builder
        .setAttribute(Tracing.FLOW, flow)
        .setAttribute("stockbridge.work_item.id", ref.workItemId())
        .setAttribute("stockbridge.attempt", (long) ref.attempt());
    if (ref.eventId() != null) {
      builder.setAttribute(Tracing.EVENT_ID, ref.eventId());
    }
    if (ref.store() != null) {
      builder.setAttribute(Tracing.STORE, ref.store());
    }
    return builder;
  }

  @SuppressWarnings("MustBeClosedChecker") // the returned Scoped closes the scope
  Scoped item(long workItemId) {
    Context context = items.get(workItemId);
    WorkRef ref = refs.get(workItemId);
    if (context == null) {
      return Scoped.NONE;
    }
    LogContext itemLog =
        LogContext.of(
            ref.eventId() == null ? null : ref.eventId().toString(),
            ref.traceId(),
            flow,
            ref.store());
    Scope itemScope = context.makeCurrent();
    return () -> {
      itemScope.close();
      itemLog.close();
    };
  }

  /** The handler failed as a whole (thrown, not an outcome). */
  public void failed(Throwable error) {
    Span failed = batch != null ? batch : spans.isEmpty() ? null : spans.get(0);
    if (failed != null) {
      failed.setStatus(StatusCode.ERROR, error.getClass().getSimpleName());
      failed.setAttribute("error.type", error.getClass().getName());
    }
  }

  @Override
  public void close() {
    scope.close();
    if (batch != null) {
      batch.end();
    }
    spans.forEach(Span::end);
    log.close();
  }
}
