package io.stockbridge.ingest;

import io.javalin.http.HandlerType;
import io.stockbridge.StorageException;
import io.stockbridge.auth.BearerAuthenticator;
import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.event.AppendResult;
import io.stockbridge.event.NewEvent;
import io.stockbridge.flow.EventRouter;
import io.stockbridge.http.ApiException;
import io.stockbridge.http.Exchange;
import io.stockbridge.http.RequestBodies;
import io.stockbridge.http.RouteBook;
import io.stockbridge.observe.IngestTrace;
import io.stockbridge.observe.Tracing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * The webhook and event endpoints. Each request is validated completely (size, content type,
 * authentication, body) before anything is stored, and answered 2xx only after its event is
 * durable: 202 for a new event, 200 for a duplicate of one already stored. Every refusal is counted
 * and logged ({@link IngestRejections}).
 */
public final class IngestEndpoints {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(IngestEndpoints.class);
  private static final Duration STORE_TIMEOUT = Duration.ofSeconds(4);

  private final IngestService ingest;
  private final EventRouter router;
  private final Clock clock;
  private final long maxBodyBytes;
  private final BrightpearlWebhooks brightpearl;
  private final ShopifyWebhooks shopify;
  private final GenericEvents generic;
  private final IngestRejections rejections;
  private final Tracing tracing;
  private volatile BatchTags batchTags = BatchTags.NONE;
  private volatile IngestObserver observer = IngestObserver.NONE;

  public IngestEndpoints(
      IngestService ingest, EventRouter router, StockbridgeConfig config, Clock clock) {
    this(ingest, router, config, clock, Tracing.OFF);
  }

  /**
   * With the node's tracing: each request is a span (continuing its {@code traceparent}) whose
   * trace id is stored with the event, and sets the logging context of the lines about it.
   */
  public IngestEndpoints(
      IngestService ingest,
      EventRouter router,
      StockbridgeConfig config,
      Clock clock,
      Tracing tracing) {
    this.tracing = tracing;
    this.ingest = ingest;
    this.router = router;
    this.clock = clock;
    this.maxBodyBytes = config.http().maxBodyBytes();
    this.rejections = new IngestRejections(clock);
    StockbridgeConfig.Sources sources = config.sources();
    this.brightpearl =
        new BrightpearlWebhooks(sources.brightpearlAccountSecrets(), config.ingest().maxIdSetIds());
    this.shopify = new ShopifyWebhooks(sources.shopifyShopSecrets(), sources.shopifyAppSecret());
    this.generic =
        new GenericEvents(
            new BearerAuthenticator(
                sources.genericTokens(),
                sources.jwtHmacSecret(),
                sources.jwtRsaPublicKeyPem(),
                sources.jwtAudience(),
                sources.jwtIssuer(),
                sources.jwtClockSkew(),
                clock));
  }

  public void register(RouteBook routes) {
    // Served straight from Jetty (RouteBook.addFast): at thousands of webhooks a second the
    // framework's layers cost more than the rest of a request.
    routes.addFast(
        HandlerType.POST, "/webhooks/brightpearl/{account}", ctx -> accept(ctx, brightpearl));
    routes.addFast(HandlerType.POST, "/webhooks/shopify", ctx -> accept(ctx, shopify));
    routes.addFast(HandlerType.POST, "/events", ctx -> accept(ctx, generic));
  }

  /** Sees every event offered here: new, duplicate or rejected (metrics). */
  public void observe(IngestObserver newObserver) {
    this.observer = java.util.Objects.requireNonNull(newObserver, "observer");
  }

  /** The requests these endpoints refused, counted (read by the admin API). */
  public IngestRejections rejections() {
    return rejections;
  }

  private void accept(Exchange ctx, IngestSource source) throws IOException {
    try (IngestTrace trace = tracing.ingest(source.name(), ctx.header("traceparent"))) {
      boolean authenticated = false;
      try {
        byte[] body;
        if (source.signsBody()) {
          body = RequestBodies.read(ctx, maxBodyBytes);
          source.authenticate(ctx, body);
        } else {
          source.authenticate(ctx, null);
          authenticated = true;
          body = RequestBodies.read(ctx, maxBodyBytes);
        }
        authenticated = true;
        RequestBodies.requireJson(ctx.contentType());
        store(ctx, source.parse(ctx, body), trace);
      } catch (ApiException e) {
        trace.refused(e.status(), e.code());
        rejections.record(source.name(), authenticated, e.status(), e.code(), e.getMessage());
        observer.rejected(source.name(), e.status(), e.code());
        throw e;
      } catch (StorageException e) {
        trace.refused(503, "unavailable");
        rejections.record(source.name(), authenticated, 503, "unavailable", "storage unavailable");
        observer.rejected(source.name(), 503, "unavailable");
        throw e;
      }
    }
  }

  /** Lets senders tag events with an open batch ({@link BatchTags#HEADER}). */
  public IngestEndpoints tagBatches(BatchTags tags) {
    this.batchTags = tags;
    return this;
  }

  private void store(Exchange ctx, IncomingEvent incoming, IngestTrace trace) throws IOException {
    Long batchId = batchTags.batchOf(IngestFields.header(ctx, BatchTags.HEADER));
    long now = clock.millis();
    NewEvent event =
        new NewEvent(
            incoming.source(),
            incoming.type(),
            incoming.key(),
            incoming.store(),
            incoming.dedupeKey(),
            trace.traceId(),
            batchId,
            "application/json",
            incoming.body(),
            router.route(incoming.source(), incoming.type(), incoming.key(), incoming.store(), now),
            incoming.bodySha256());
    AppendResult result = ingest.append(event, STORE_TIMEOUT);
    if (result.bodyDiffers()) {
      throw new ApiException(
          422,
          "idempotency_key_reused",
          "Idempotency-Key was already used for event "
              + result.eventId()
              + " and the body differs: this body was not stored (send a new event with a new key)");
    }
    trace.stored(result.eventId(), result.duplicate(), incoming.store());
    if (LOG.isDebugEnabled()) { // four arguments: an array and a boxed id per request otherwise
      LOG.debug(
          "{} {} event {} ({})",
          result.duplicate() ? "duplicate of" : "stored",
          incoming.source(),
          result.eventId(),
          incoming.type());
    }
    observer.received(incoming.source(), incoming.type(), result.duplicate());
    // Written straight to the response: this path runs thousands of times a second, and the
    // framework's result copying would allocate a buffer per request.
    String json =
        result.duplicate()
            ? "{\"eventId\":" + result.eventId() + ",\"duplicate\":true}"
            : "{\"eventId\":"
                + result.eventId()
                + ",\"duplicate\":false,\"traceId\":\""
                + event.traceId()
                + "\"}";
    ctx.respondJson(result.duplicate() ? 200 : 202, json.getBytes(StandardCharsets.UTF_8));
  }
}
