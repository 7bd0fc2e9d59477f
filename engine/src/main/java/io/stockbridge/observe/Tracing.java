package io.stockbridge.observe;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.stockbridge.config.ObserveConfig;
import io.stockbridge.idset.IdSet;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The one way the engine traces (OpenTelemetry SDK): one trace per event, from ingestion ({@link
 * #ingest}, continuing an incoming W3C {@code traceparent}) through the queue wait and the flow
 * ({@link #work}) and the coalesced batches it joins ({@link #joinBatch}, linked to every event in
 * them) to each Brightpearl and Shopify call ({@link #outbound}, which sends {@code traceparent}).
 * The trace id stored with an event is its trace's id.
 *
 * <p>The facade travels in OpenTelemetry's {@link Context}: spans this class makes current carry
 * it, so code below them ({@link #current()}: the connectors, the flows) traces without being
 * handed anything, and a thread with no such context traces nothing. {@link #OFF} creates no spans
 * but keeps the logging context ({@link LogContext}) and trace ids. Spans are exported over
 * OTLP/HTTP only when {@code tracing.otlpEndpoint} is set. Thread-safe.
 */
public final class Tracing implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Tracing.class);

  /** No spans; trace ids and the logging context only. */
  public static final Tracing OFF = new Tracing(null);

  static final ContextKey<Tracing> KEY = ContextKey.named("stockbridge.tracing");

  /** The event a context's work is for (set by {@link WorkTrace} on each item's context). */
  static final ContextKey<EventRef> EVENT = ContextKey.named("stockbridge.event");

  static final AttributeKey<Long> EVENT_ID = AttributeKey.longKey("stockbridge.event.id");
  static final AttributeKey<String> EVENT_IDS = AttributeKey.stringKey("stockbridge.event.ids");
  static final AttributeKey<String> STORE = AttributeKey.stringKey("stockbridge.store");
  static final AttributeKey<String> FLOW = AttributeKey.stringKey("stockbridge.flow");

  /** Links beyond this many on one span are dropped (a claim or a flush of thousands). */
  static final int MAX_LINKS = 2000;

  private static final TextMapGetter<String> TRACEPARENT_ONLY =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
          return List.of("traceparent");
        }

        @Override
        public String get(String carrier, String key) {
          return "traceparent".equals(key) ? carrier : null;
        }
      };

  /** The event a context is about: its id (null when none) and trace id. */
  record EventRef(Long eventId, String traceId) {}

  private final SdkTracerProvider provider;
  private final Tracer tracer;

  private Tracing(SdkTracerProvider provider) {
    this.provider = provider;
    this.tracer = provider == null ? null : provider.get("io.stockbridge");
  }

  /**
   * The node's tracing, as configured; {@code extra} exporters (tests: the SDK's in-memory one) get
   * every span as it ends.
   */
  public static Tracing create(ObserveConfig config, String nodeId, List<SpanExporter> extra) {
    if (!config.tracingEnabled()) {
      return OFF;
    }
    SdkTracerProviderBuilder builder =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(
                        Resource.create(
                            Attributes.of(
                                AttributeKey.stringKey("service.name"),
                                "stockbridge",
                                AttributeKey.stringKey("service.instance.id"),
                                nodeId))))
            .setIdGenerator(new EventSpanIds())
            .setSpanLimits(SpanLimits.builder().setMaxNumberOfLinks(MAX_LINKS).build())
            .setSampler(Sampler.parentBased(Sampler.alwaysOn()));
    config
        .otlpEndpoint()
        .ifPresent(
            endpoint ->
                builder.addSpanProcessor(
                    BatchSpanProcessor.builder(
                            OtlpHttpSpanExporter.builder().setEndpoint(endpoint.toString()).build())
                        .build()));
    for (SpanExporter exporter : extra) {
      builder.addSpanProcessor(SimpleSpanProcessor.create(exporter));
    }
    return new Tracing(builder.build());
  }

  /** Whether spans are made (tracing on, exported or not). */
  public boolean enabled() {
    return tracer != null;
  }

  /** The tracing of the current context, or {@link #OFF} where no traced work is going on. */
  public static Tracing current() {
    Tracing tracing = Context.current().get(KEY);
    return tracing == null ? OFF : tracing;
  }

  /**
   * Starts tracing one ingest request from {@code source}: continues {@code traceparent} (may be
   * null or invalid: a new trace). The caller closes it when the request is answered.
   */
  public IngestTrace ingest(String source, String traceparent) {
    if (tracer == null) {
      return new IngestTrace(null, null, TraceIds.from(traceparent));
    }
    Context parent =
        traceparent == null
            ? Context.root()
            : W3CTraceContextPropagator.getInstance()
                .extract(Context.root(), traceparent, TRACEPARENT_ONLY);
    Span span =
        tracer
            .spanBuilder("ingest " + source)
            .setSpanKind(SpanKind.SERVER)
            .setParent(parent)
            .setAttribute("stockbridge.source", source)
            .startSpan();
    return new IngestTrace(this, span, span.getSpanContext().getTraceId());
  }

  /** The span of event {@code eventId}, made at its ingestion; the parent of all its work. */
  static Context eventContext(String traceId, Long eventId) {
    if (eventId == null || !TraceIds.isValid(traceId)) {
      return Context.root();
    }
    return Context.root()
        .with(
            Span.wrap(
                SpanContext.createFromRemoteParent(
                    traceId,
                    EventSpanIds.of(traceId, eventId),
                    TraceFlags.getSampled(),
                    TraceState.getDefault())));
  }

  /** Makes the event's own span (see {@link EventSpanIds}), a child of {@code ingest}. */
  void recordEvent(Span ingest, long eventId) {
    String traceId = ingest.getSpanContext().getTraceId();
    SpanBuilder event =
        tracer
            .spanBuilder("event")
            .setParent(Context.root().with(ingest))
            .setAttribute(EVENT_ID, eventId);
    EventSpanIds.start(event, EventSpanIds.of(traceId, eventId)).end();
  }

  /**
   * Starts the handling of claimed items of one flow: per item a queue-wait span (from when it was
   * due to {@code claimedAtMillis}) and a flow span, both in the item's event trace; for several
   * items a batch span linked to each; and the logging context. Current until closed.
   */
  public WorkTrace work(String flow, List<WorkRef> items, long claimedAtMillis) {
    return new WorkTrace(this, tracer, flow, items, claimedAtMillis);
  }

  /**
   * Makes the context of one item of the {@link #work} in progress current (its flow span, its
   * logging context), for a flow that handles its items one by one or hands them on.
   */
  public static Scoped item(long workItemId) {
    WorkTrace work = Context.current().get(WorkTrace.KEY);
    return work == null ? Scoped.NONE : work.item(workItemId);
  }

  /**
   * Starts a span for work done for several events at once (a coalesced flush, a batched call),
   * current until closed: a child of the first member's context, linked to every member's. {@code
   * members} are contexts captured ({@link Context#current()}) where each event's work handed its
   * part over. Sets the logging context (the events' ids, {@code flow}, {@code store}).
   */
  public static Scoped joinBatch(String name, String flow, String store, List<Context> members) {
    try {
      return startBatch(name, flow, store, members);
    } catch (RuntimeException e) {
      // The batch's work goes on untraced: a flush or write must never fail for its span.
      LOG.warn("tracing {} failed: {}", name, e.toString());
      return Scoped.NONE;
    }
  }

  @SuppressWarnings("MustBeClosedChecker") // the returned Scoped closes the scope
  private static Scoped startBatch(String name, String flow, String store, List<Context> members) {
    Tracing tracing = OFF;
    Set<Long> eventIds = new LinkedHashSet<>();
    String firstTrace = null;
    for (Context member : members) {
      Tracing found = member.get(KEY);
      if (found != null && tracing == OFF) {
        tracing = found;
      }
      EventRef event = member.get(EVENT);
      if (event != null) {
        if (event.eventId() != null) {
          eventIds.add(event.eventId());
        }
        if (firstTrace == null) {
          firstTrace = event.traceId();
        }
      }
    }
    String ids = eventIds.isEmpty() ? null : IdSet.of(eventIds).toString();
    if (tracing.tracer == null) {
      LogContext log = LogContext.of(ids, firstTrace, flow, store);
      return log::close;
    }
    Context parent = members.isEmpty() ? Context.root() : members.get(0);
    SpanBuilder builder =
        tracing.tracer.spanBuilder(name).setParent(parent).setAttribute(FLOW, flow);
    if (store != null) {
      builder.setAttribute(STORE, store);
    }
    if (ids != null) {
      builder.setAttribute(EVENT_IDS, ids);
    }
    Set<SpanContext> linked = new LinkedHashSet<>();
    for (Context member : members) {
      SpanContext context = Span.fromContext(member).getSpanContext();
      if (context.isValid() && linked.size() < MAX_LINKS && linked.add(context)) {
        builder.addLink(context);
      }
    }
    Span span = builder.startSpan();
    LogContext log = LogContext.of(ids, span.getSpanContext().getTraceId(), flow, store);
    Scope scope = parent.with(span).with(KEY, tracing).makeCurrent();
    return () -> {
      scope.close();
      span.end();
      log.close();
    };
  }

  /**
   * Starts a client span for one HTTP call to {@code system} (a child of the current span), named
   * by {@code operation} (a GraphQL operation, a method: never ids), and gives the headers to send
   * ({@code traceparent}); none where nothing is traced. The URI's query is never recorded.
   */
  public static Outbound outbound(String system, String operation, String method, URI uri) {
    try {
      return startOutbound(system, operation, method, uri);
    } catch (RuntimeException e) {
      LOG.warn("tracing a {} call failed: {}", system, e.toString());
      return Outbound.NONE;
    }
  }

  private static Outbound startOutbound(String system, String operation, String method, URI uri) {
    Tracing tracing = current();
    if (tracing.tracer == null || !Span.current().getSpanContext().isValid()) {
      return Outbound.NONE;
    }
    Span span =
        tracing
            .tracer
            .spanBuilder(system + " " + operation)
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute("http.request.method", method)
            .setAttribute("server.address", String.valueOf(uri.getHost()))
            .setAttribute("url.path", String.valueOf(uri.getPath()))
            .setAttribute("stockbridge.api", system)
            .startSpan();
    Map<String, String> headers = new java.util.HashMap<>(2);
    W3CTraceContextPropagator.getInstance()
        .inject(Context.current().with(span), headers, (carrier, k, v) -> carrier.put(k, v));
    return new Outbound(span, Map.copyOf(headers));
  }

  /**
   * {@code task} to run on another thread in the current trace and logging context (a flush handed
   * to a pool).
   */
  public static Runnable wrap(Runnable task) {
    Context context = Context.current();
    Map<String, String> log = LogContext.capture();
    return () -> {
      try (Scope scope = context.makeCurrent();
          LogContext restored = LogContext.restore(log)) {
        task.run();
      }
    };
  }

  /** Ends the retro-timed span of a wait: from {@code startMillis} to {@code endMillis}. */
  static void timed(SpanBuilder builder, long startMillis, long endMillis) {
    long start = Math.min(startMillis, endMillis);
    builder
        .setStartTimestamp(start, TimeUnit.MILLISECONDS)
        .startSpan()
        .end(endMillis, TimeUnit.MILLISECONDS);
  }

  /** Exports the spans ended so far (tests); waits at most 10 s. */
  public void flush() {
    if (provider != null) {
      provider.forceFlush().join(10, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() {
    if (provider != null) {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }
}
