package io.stockbridge.server;

import io.javalin.Javalin;
import io.stockbridge.admin.AdminApi;
import io.stockbridge.admin.AdminAuth;
import io.stockbridge.admin.HealthEndpoints;
import io.stockbridge.admin.ReconcileEndpoints;
import io.stockbridge.alert.AlertEvaluator;
import io.stockbridge.auth.AccessKeyStore;
import io.stockbridge.auth.ApiKeyVerifier;
import io.stockbridge.auth.Role;
import io.stockbridge.auth.SessionCookies;
import io.stockbridge.batch.BatchStages;
import io.stockbridge.config.QueueSettings;
import io.stockbridge.config.Secret;
import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.config.SyncConfig;
import io.stockbridge.dashboard.Connections;
import io.stockbridge.dashboard.DashboardApi;
import io.stockbridge.dashboard.Samples;
import io.stockbridge.dashboard.SessionEndpoints;
import io.stockbridge.dashboard.WebAssets;
import io.stockbridge.flow.Backlog;
import io.stockbridge.flow.EventRouter;
import io.stockbridge.flow.FlowCatalog;
import io.stockbridge.flow.RecordFlow;
import io.stockbridge.flow.Route;
import io.stockbridge.flow.reconcile.ReconcileService;
import io.stockbridge.flow.reconcile.Reconciler;
import io.stockbridge.flow.stock.HeldBack;
import io.stockbridge.flow.wiring.SyncFlows;
import io.stockbridge.http.HttpServer;
import io.stockbridge.http.RequestObserver;
import io.stockbridge.http.RouteBook;
import io.stockbridge.ingest.IngestEndpoints;
import io.stockbridge.ingest.IngestService;
import io.stockbridge.maintenance.EventNameBackfill;
import io.stockbridge.maintenance.MaintenanceScheduler;
import io.stockbridge.maintenance.PayloadRetention;
import io.stockbridge.metrics.ConnectorMetrics;
import io.stockbridge.metrics.DatabaseGauges;
import io.stockbridge.metrics.HttpMetrics;
import io.stockbridge.metrics.IngestMetrics;
import io.stockbridge.metrics.MetricsEndpoint;
import io.stockbridge.metrics.NodeMetrics;
import io.stockbridge.metrics.QueueMetrics;
import io.stockbridge.metrics.StockFlowMetrics;
import io.stockbridge.observe.LogFormat;
import io.stockbridge.observe.Tracing;
import io.stockbridge.queue.Dispatcher;
import io.stockbridge.queue.LeaseRescuer;
import io.stockbridge.queue.Pauses;
import io.stockbridge.queue.WorkHandler;
import io.stockbridge.readmodel.ReadModel;
import io.stockbridge.readmodel.ReadModelBuilder;
import io.stockbridge.readmodel.ReadModelRequests;
import io.stockbridge.readmodel.ReadModelStages;
import io.stockbridge.replay.ReplayService;
import io.stockbridge.store.Storage;
import io.stockbridge.store.wiring.StorageFactory;
import io.stockbridge.sync.SyncContext;
import io.stockbridge.time.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: one running node (storage, ingestion, queue dispatcher, HTTP API,
 * maintenance), wired explicitly here and nowhere else. Start with {@link #builder}; close once.
 */
public final class StockbridgeNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StockbridgeNode.class);
  private static final String BOOTSTRAP_KEY_NAME = "bootstrap";
  // the name older versions gave the bootstrap key: 32 bits of its unsalted hash
  private static final Pattern DERIVED_BOOTSTRAP_NAME = Pattern.compile("bootstrap-[0-9a-f]{8}");
  private static final Duration RECONCILE_TICK = Duration.ofSeconds(5);
  private static final Duration ORDER_CATCH_UP_TICK = Duration.ofSeconds(5);

  private final StockbridgeConfig config;
  private final Storage storage;
  private final Dispatcher dispatcher;
  private final IngestService ingest;
  private final Javalin http;
  private final RouteBook routes;
  private final MaintenanceScheduler maintenance;
  private final SyncContext sync;
  private final List<WorkHandler> handlers;
  private final ReconcileService reconcile;
  private io.stockbridge.flow.order.OrderFlows orderFlows;
  private final Tracing tracing;
  private final NodeMetrics metrics;
  private final AlertEvaluator alerts;
  private final io.stockbridge.fanout.FanoutService fanout;

  private StockbridgeNode(Builder builder) {
    this.config = builder.config;
    Clock clock = builder.clock;
    LogFormat.apply(config.observe());
    this.metrics = config.metrics().enabled() ? NodeMetrics.prometheus() : NodeMetrics.off();
    this.storage = StorageFactory.open(config.database(), clock);
    this.tracing = Tracing.create(config.observe(), config.nodeId(), builder.spanExporters);
    try {
      int migrated = storage.migrate();
      if (migrated > 0) {
        LOG.info("applied {} migration(s) on {}", migrated, storage.engine().id());
      }
      config.bootstrapAdminKey().ifPresent(this::ensureBootstrapKey);
      if (!storage.supportsSeveralNodes()) {
        // One node per SQLite file: whatever was running belonged to a previous run of this node.
        storage.queue().rescueExpired(Long.MAX_VALUE, clock.millis());
      }
      this.handlers = new ArrayList<>(builder.handlers);
      handlers.add(new RecordFlow());
      BatchStages batchStages = new BatchStages(storage.batches());
      handlers.add(batchStages);
      List<Route> extraRoutes = new ArrayList<>(builder.routes);
      if (config.sync().isConfigured()) {
        java.util.Set<String> productStores = new java.util.TreeSet<>();
        config
            .sync()
            .stores()
            .forEach(
                (name, store) -> {
                  if (store.runs(io.stockbridge.config.SyncConfig.PRODUCTS)) {
                    productStores.add(name);
                  }
                });
        extraRoutes.addAll(ReadModelStages.routes(config.sync().stores().keySet(), productStores));
      }
      EventRouter router = FlowCatalog.router(config, extraRoutes);
      StockbridgeConfig.Queue q = config.queue();
      Dispatcher dispatcher =
          new Dispatcher(
              storage.queue(),
              handlers,
              new QueueSettings(
                  q.claimBatch(),
                  q.pollInterval(),
                  q.lease(),
                  q.maxInFlight(),
                  q.minRetryDelay(),
                  q.maxRetriesWithoutProgress()),
              config.nodeId(),
              clock,
              new Backoff(q.backoffBase(), q.backoffMax(), ThreadLocalRandom.current()));
      dispatcher.traceWith(tracing);
      this.dispatcher = dispatcher;
      QueueMetrics queueMetrics = new QueueMetrics(metrics.registry());
      dispatcher.observe(queueMetrics);
      if (config.sync().isConfigured()) {
        this.sync =
            new SyncContext(
                config.sync(),
                storage.syncState(),
                storage.events(),
                storage.queue(),
                storage.budgets(),
                clock);
        // No oversell: units of orders still on their way to Brightpearl are held back from the
        // stores by the stock plan and by reconciliation (stores without the orders flow: none).
        HeldBack heldBack =
            new io.stockbridge.flow.order.InFlightReservations(
                storage.orders(),
                store -> {
                  io.stockbridge.config.SyncConfig.Store configured =
                      config.sync().stores().get(store);
                  return configured == null
                          || !configured.runs(io.stockbridge.config.SyncConfig.ORDERS)
                      ? null
                      : configured.shop() + ".myshopify.com";
                });
        List<WorkHandler> flows =
            SyncFlows.handlers(
                sync,
                new Backlog() {
                  @Override
                  public boolean pending() {
                    return dispatcher.hasBacklog();
                  }

                  @Override
                  public boolean saturated() {
                    return dispatcher.isSaturated();
                  }

                  @Override
                  public int maxInFlight() {
                    return q.maxInFlight();
                  }

                  @Override
                  public long eventsStored() {
                    IngestService service = ingest;
                    return service == null ? 0 : service.storedCount();
                  }
                },
                router,
                heldBack);
        SyncContext syncContext = sync;
        ReadModelStages readModels =
            new ReadModelStages(
                new ReadModelBuilder(
                    storage.readModels(),
                    fresh -> {
                      if (fresh) {
                        syncContext.catalog().forgetTree();
                      }
                      Map<Long, ReadModel.Category> tree = new java.util.HashMap<>();
                      syncContext
                          .catalog()
                          .categories()
                          .forEach(
                              (id, c) ->
                                  tree.put(
                                      id,
                                      new ReadModel.Category(
                                          c.id(), c.name(), c.parentId(), c.active())));
                      return tree;
                    },
                    clock),
                new ReadModelRequests(storage.events()),
                config.sync().stores().keySet(),
                clock);
        batchStages.listen(readModels);
        flows = new ArrayList<>(flows);
        flows.add(readModels);
        handlers.addAll(flows);
        dispatcher.addHandlers(flows);
        if (config.sync().stores().values().stream()
            .anyMatch(store -> store.runs(io.stockbridge.config.SyncConfig.ORDERS))) {
          this.orderFlows =
              new io.stockbridge.flow.order.OrderFlows(
                  sync, storage.orders(), storage.issues(), router, dispatcher::wake);
          handlers.addAll(orderFlows.handlers());
          dispatcher.addHandlers(orderFlows.handlers());
        }
        applyConfiguredPauses(clock.millis());
        this.reconcile =
            new ReconcileService(
                config.sync(),
                storage.reconciliations(),
                storage.events(),
                new Reconciler(sync, router, storage.pauses(), heldBack, dispatcher::wake),
                clock,
                !storage.supportsSeveralNodes());
        batchStages.listen(reconcile.nextStage());
      } else {
        this.sync = null;
        this.reconcile = null;
      }
      queueMetrics.forFlows(handlers.stream().map(WorkHandler::kind).toList());
      if (q.enabled()) {
        dispatcher.start();
      }
      this.ingest =
          new IngestService(
              storage.events(),
              clock,
              config.ingest().maxBatch(),
              config.ingest().writers(),
              dispatcher::wake);
      dispatcher.yieldTo(ingest::isBusy);
      IngestMetrics ingestMetrics = new IngestMetrics(metrics.registry());
      ingest.observe(ingestMetrics);
      this.routes = new RouteBook();
      new HealthEndpoints(storage).register(routes);
      IngestEndpoints ingestEndpoints = new IngestEndpoints(ingest, router, config, clock, tracing);
      ingestEndpoints.observe(ingestMetrics);
      ingestEndpoints.tagBatches(new io.stockbridge.ingest.BatchTags(storage.batches()));
      ingestEndpoints.register(routes);
      new MetricsEndpoint(metrics, config.metrics().requireKey() ? new AdminAuth(storage) : null)
          .register(routes);
      new io.stockbridge.admin.IngestRejectionEndpoints(
              storage, ingestEndpoints.rejections(), config.nodeId())
          .register(routes);
      new AdminApi(
              storage, new ReplayService(storage.events(), router, clock), clock, dispatcher::wake)
          .register(routes);
      new ReconcileEndpoints(storage, java.util.Optional.ofNullable(reconcile)).register(routes);
      java.util.Set<String> storeNames = config.sync().stores().keySet();
      new io.stockbridge.admin.BatchEndpoints(storage, storeNames, clock).register(routes);
      new io.stockbridge.admin.ReadModelEndpoints(storage, storeNames, clock).register(routes);
      new io.stockbridge.admin.ShadowWriteEndpoints(storage).register(routes);
      new io.stockbridge.admin.SubscriberEndpoints(storage, config.fanout(), clock)
          .register(routes);
      new io.stockbridge.admin.OrderEndpoints(
              storage,
              config.sync(),
              java.util.Optional.ofNullable(orderFlows)
                  .map(io.stockbridge.flow.order.OrderFlows::catchUp))
          .register(routes);
      Samples samples =
          new Samples(
              storage.dashboardReads(),
              clock,
              sync == null ? Samples.ThrottleCounts.NONE : throttleCounts(sync));
      new WebAssets().register(routes);
      // Session expiry follows the wall clock, as the admin API's session check does.
      new SessionEndpoints(
              new SessionCookies(storage.sessions(), storage.accessKeys(), Clock.systemUTC()))
          .register(routes);
      new DashboardApi(
              storage,
              samples,
              new Connections(config.sync()),
              clock,
              dispatcher::wake,
              config.alerts().interval().multipliedBy(3))
          .register(routes);
      bindMetrics();
      HttpMetrics httpMetrics = new HttpMetrics(metrics.registry());
      RequestObserver outer = builder.requestObserver;
      RequestObserver observer =
          metrics.enabled()
              ? request -> {
                httpMetrics.observe(request);
                outer.observe(request);
              }
              : outer;
      this.http = HttpServer.create(routes, observer);
      http.start(config.http().host(), config.http().port());
      this.maintenance = new MaintenanceScheduler(storage.leaderLeases(), config.nodeId(), clock);
      maintenance.everyNode(
          "lease-rescue", q.lease().dividedBy(2), new LeaseRescuer(storage.queue(), clock));
      PayloadRetention retention =
          new PayloadRetention(
              storage.events(),
              config.retention().payloadAge(),
              config.retention().mode(),
              config.dataDir(),
              clock);
      maintenance.everyNode("dashboard-samples", Samples.PERIOD, samples);
      maintenance.leaderOnly("payload-retention", config.retention().interval(), retention::run);
      EventNameBackfill backfill = new EventNameBackfill(storage.events());
      // On every node rather than the leader's: a chunk moves the cursor only from where it read
      // it, so two nodes never index a chunk twice, and once done a run costs no database write
      // (a leader lease would be renewed every second for ever).
      maintenance.everyNode("event-name-backfill", Duration.ofSeconds(1), backfill::run);
      if (reconcile != null) {
        maintenance.leaderOnly("reconcile", RECONCILE_TICK, reconcile::tick);
      }
      if (orderFlows != null) {
        io.stockbridge.flow.order.OrderFlows orders = orderFlows;
        maintenance.leaderOnly(
            "order-catch-up", ORDER_CATCH_UP_TICK, () -> orders.catchUpScheduler().tick());
      }
      DatabaseGauges gauges =
          new DatabaseGauges(
              metrics.registry(),
              storage.dashboardReads(),
              reconcile == null ? null : storage.reconciliations(),
              watchedSources(),
              clock);
      gauges.forFlows(handlers.stream().map(WorkHandler::kind).toList());
      metrics.beforeScrape(gauges::refreshIfStale);
      this.alerts =
          new AlertEvaluator(config.alerts(), gauges, metrics.registry(), storage.issues(), clock);
      if (config.alerts().enabled()) {
        maintenance.leaderOnly("alerts", config.alerts().interval(), alerts);
      }
      this.fanout =
          new io.stockbridge.fanout.FanoutService(
              config.fanout(),
              storage.deliveries(),
              storage.leaderLeases(),
              config.nodeId(),
              clock,
              io.stockbridge.time.Sleeper.SYSTEM,
              io.stockbridge.fanout.FanoutService.realSenders(
                  config.fanout(), clock, io.stockbridge.time.Sleeper.SYSTEM),
              (subscriber, reason, now) -> recordDisabled(storage, subscriber, reason, now));
      fanout.start();
      LOG.info(
          "node {} serving on port {} with {}",
          config.nodeId(),
          http.port(),
          storage.engine().id());
    } catch (RuntimeException e) {
      storage.close();
      tracing.close();
      throw e;
    }
  }

  /**
   * The JVM's and the connectors' and flows' meters (the others bind where they are made).
   * Micrometer's processor binder is left out: two of its names ({@code process_cpu_time_ns_total},
   * {@code system_cpu_count}) fail {@code promtool check metrics}.
   */
  private void bindMetrics() {
    io.micrometer.core.instrument.MeterRegistry registry = metrics.registry();
    new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
    new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
    new io.micrometer.core.instrument.binder.system.UptimeMetrics().bindTo(registry);
    if (sync != null) {
      ConnectorMetrics.bind(registry, sync);
      StockFlowMetrics.bind(registry, handlers, new ArrayList<>(config.sync().stores().keySet()));
    }
  }

  /** The sources whose silence is watched: those configured to send webhooks. */
  private List<String> watchedSources() {
    List<String> sources = new ArrayList<>();
    if (!config.sources().brightpearlAccountSecrets().isEmpty()) {
      sources.add("brightpearl");
    }
    if (config.sources().shopifyAppSecret().isPresent()
        || !config.sources().shopifyShopSecrets().isEmpty()) {
      sources.add("shopify");
    }
    return sources;
  }

  /** A store configured {@code paused: true} starts paused (resuming lasts until a restart). */
  private void applyConfiguredPauses(long now) {
    for (SyncConfig.Store store : config.sync().stores().values()) {
      if (store.paused()) {
        storage.pauses().pause(Pauses.store(store.name()), "configuration", now);
      }
    }
  }

  /**
   * Makes {@code admin.bootstrapKey} the operator key named {@value #BOOTSTRAP_KEY_NAME}: created
   * when missing, replaced when the configured key changed; a key stored by an older version under
   * a name derived from its hash is renamed.
   */
  private void ensureBootstrapKey(Secret key) {
    AccessKeyStore keys = storage.accessKeys();
    ApiKeyVerifier verifier = new ApiKeyVerifier(keys);
    Optional<AccessKeyStore.StoredKey> found = verifier.verify(key.reveal());
    if (found.isPresent() && found.get().key().name().equals(BOOTSTRAP_KEY_NAME)) {
      return;
    }
    if (found.isPresent()) {
      if (!DERIVED_BOOTSTRAP_NAME.matcher(found.get().key().name()).matches()) {
        LOG.warn(
            "admin.bootstrapKey is also the API key '{}'; leaving it as it is",
            found.get().key().name());
        return;
      }
      keys.revoke(found.get().key().name());
    }
    boolean replaced = keys.revoke(BOOTSTRAP_KEY_NAME);
    verifier.create(BOOTSTRAP_KEY_NAME, Role.OPERATOR, key.reveal(), System.currentTimeMillis());
    LOG.info(
        "{} operator API key '{}' from admin.bootstrapKey",
        replaced ? "replaced" : "created",
        BOOTSTRAP_KEY_NAME);
  }

  public static Builder builder(StockbridgeConfig config) {
    return new Builder(config);
  }

  public int port() {
    return http.port();
  }

  public Storage storage() {
    return storage;
  }

  public Dispatcher dispatcher() {
    return dispatcher;
  }

  /** The node's metrics (served at {@code /metrics}). */
  public NodeMetrics metrics() {
    return metrics;
  }

  /** The alert rules' evaluator (scheduled on the leader). */
  public AlertEvaluator alerts() {
    return alerts;
  }

  public RouteBook routes() {
    return routes;
  }

  public StockbridgeConfig config() {
    return config;
  }

  /** The sync flows' shared context, when a warehouse and stores are configured. */
  public java.util.Optional<SyncContext> sync() {
    return java.util.Optional.ofNullable(sync);
  }

  /** Reconciliation and onboarding, when a warehouse and stores are configured. */
  public java.util.Optional<ReconcileService> reconcile() {
    return java.util.Optional.ofNullable(reconcile);
  }

  /** A disabled subscriber is an issue operators see (the alert.raised event is in the store). */
  private static void recordDisabled(Storage storage, String subscriber, String reason, long now) {
    storage
        .issues()
        .record(
            List.of(
                new io.stockbridge.store.IssueStore.Sighting(
                    "fanout|" + subscriber,
                    "fanout",
                    null,
                    "subscriber.disabled",
                    "subscriber " + subscriber + " disabled",
                    "subscriber " + subscriber + " disabled: " + reason,
                    now,
                    now,
                    List.of(now))),
            now);
  }

  /** Stops in order: no new requests, drain ingestion, finish running items, close storage. */
  /** The order flows, or null when no store runs them. */
  public io.stockbridge.flow.order.OrderFlows orderFlows() {
    return orderFlows;
  }

  @Override
  public void close() {
    http.stop();
    ingest.close();
    fanout.close();
    dispatcher.stop(Duration.ofSeconds(10));
    maintenance.close();
    if (reconcile != null) {
      reconcile.close();
    }
    for (WorkHandler handler : handlers) {
      if (handler instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          LOG.warn("closing handler {} failed: {}", handler.kind(), e.getMessage());
        }
      }
    }
    if (sync != null) {
      sync.close();
    }
    storage.close();
    tracing.close();
  }

  /** The node's tracing ({@link Tracing#OFF} when {@code tracing.enabled} is false). */
  public Tracing tracing() {
    return tracing;
  }

  /** This node's throttled answers per connection, from the connectors' own counters. */
  private static Samples.ThrottleCounts throttleCounts(SyncContext sync) {
    return () -> {
      java.util.Map<String, Long> totals = new java.util.LinkedHashMap<>();
      totals.put(
          "brightpearl:" + sync.warehouse().settings().accountCode(),
          sync.warehouse().throttledAnswers());
      for (String store : sync.config().stores().keySet()) {
        io.stockbridge.connector.shopify.ShopifyClient client = sync.shopify(store).client();
        totals.put(client.settings().budgetName(), client.stats().throttled());
      }
      return totals;
    };
  }

  /** Collects what a node runs besides the core: flow handlers and their routes. */
  public static final class Builder {
    private final StockbridgeConfig config;
    private Clock clock = Clock.systemUTC();
    private final List<WorkHandler> handlers = new ArrayList<>();
    private final List<Route> routes = new ArrayList<>();
    private RequestObserver requestObserver = RequestObserver.NONE;
    private final List<io.opentelemetry.sdk.trace.export.SpanExporter> spanExporters =
        new ArrayList<>();

    private Builder(StockbridgeConfig config) {
      this.config = config;
    }

    public Builder clock(Clock newClock) {
      this.clock = newClock;
      return this;
    }

    public Builder handler(WorkHandler handler) {
      handlers.add(handler);
      return this;
    }

    public Builder route(Route route) {
      routes.add(route);
      return this;
    }

    /** Sees every HTTP request the node answers (default: none). */
    public Builder requestObserver(RequestObserver observer) {
      this.requestObserver = java.util.Objects.requireNonNull(observer, "observer");
      return this;
    }

    /**
     * Also hands every span the node ends to {@code exporter} (tests: the SDK's in-memory one),
     * when tracing is on.
     */
    public Builder spanExporter(io.opentelemetry.sdk.trace.export.SpanExporter exporter) {
      spanExporters.add(java.util.Objects.requireNonNull(exporter, "exporter"));
      return this;
    }

    public StockbridgeNode start() {
      return new StockbridgeNode(this);
    }
  }
}
