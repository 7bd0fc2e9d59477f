package io.stockbridge.simulator.brightpearl;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;

/**
 * A running Brightpearl simulator: a real HTTP server with the API under {@code
 * {baseUrl}/public-api/{account}/{service}-service/...} and the control API under {@code
 * {baseUrl}/_control}. Start with {@link #start}, stop with {@link #close}. The catalog, faults,
 * counters and webhooks are also reachable in-process through this handle. Thread-safe.
 */
public final class BrightpearlSimulator implements AutoCloseable {
  private final BrightpearlSimulatorOptions options;
  private final SimCatalog catalog = new SimCatalog();
  private final SimFaults faults = new SimFaults();
  private final SimCounters counters = new SimCounters();
  private final RollingWindowLimiter limiter;
  private final WebhookDispatcher webhooks;
  private final SimControl control;
  private final SimOrders orders;
  private final Javalin app;

  private BrightpearlSimulator(BrightpearlSimulatorOptions options) {
    this.options = options;
    this.limiter = new RollingWindowLimiter(options.requestsPerMinute(), options.clock());
    this.webhooks = new WebhookDispatcher(options, faults, counters);
    this.control = new SimControl(catalog, webhooks, options);
    this.orders = new SimOrders(catalog, webhooks, SimOrders.CANCELLED_STATUS, options.clock());
    ApiGate gate = new ApiGate(options, limiter, faults, counters);
    this.app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.concurrency.useVirtualThreads = true;
              config.http.maxRequestSize = 50_000_000L;
              routes(config.routes, gate);
            });
  }

  private void routes(RoutesConfig app, ApiGate gate) {
    app.before("/public-api/{account}/*", gate::before);
    app.after("/public-api/{account}/*", ApiGate::after);
    app.exception(ApiError.class, (e, ctx) -> ApiResponses.error(ctx, e));
    app.exception(
        IllegalArgumentException.class,
        (e, ctx) -> ApiResponses.error(ctx, ApiError.badRequest("SIM-400", e.getMessage())));
    new ProductRoutes(catalog, options).register(app);
    new WarehouseRoutes(catalog, options).register(app);
    new WebhookRoutes(webhooks).register(app);
    new OrderRoutes(orders).register(app);
    new ControlRoutes(this).register(app);
    app.error(
        404,
        ctx -> {
          if (ctx.result() == null
              || ctx.result().isEmpty()
              || ctx.result().startsWith("Endpoint")) {
            ApiResponses.error(ctx, ApiError.notFound("No such resource " + ctx.path()));
          }
        });
  }

  /** Starts a simulator on {@code options.port()} (0 = any free port) and returns its handle. */
  public static BrightpearlSimulator start(BrightpearlSimulatorOptions options) {
    BrightpearlSimulator simulator = new BrightpearlSimulator(options);
    simulator.app.start("127.0.0.1", options.port());
    return simulator;
  }

  /** {@code http://127.0.0.1:{port}}: what a connector takes as its base URL. */
  public String baseUrl() {
    return "http://127.0.0.1:" + app.port();
  }

  /** {@code {baseUrl}/public-api/{account}}: the prefix of every API URI. */
  public String accountUrl() {
    return baseUrl() + "/public-api/" + options.accountCode();
  }

  public int port() {
    return app.port();
  }

  public BrightpearlSimulatorOptions options() {
    return options;
  }

  public SimCatalog catalog() {
    return catalog;
  }

  /** Data changes that raise webhooks (seed, stock burst, new products, category rename). */
  public SimControl control() {
    return control;
  }

  /** Contacts, sales orders and credits, payments and goods-out notes. */
  public SimOrders orders() {
    return orders;
  }

  public SimFaults faults() {
    return faults;
  }

  public SimCounters counters() {
    return counters;
  }

  public WebhookDispatcher webhooks() {
    return webhooks;
  }

  /** Forgets the requests counted in the rolling minute. */
  public void resetRateLimit() {
    limiter.reset();
  }

  @Override
  public void close() {
    webhooks.close();
    app.stop();
  }
}
