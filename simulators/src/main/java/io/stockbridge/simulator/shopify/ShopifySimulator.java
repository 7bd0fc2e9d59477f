package io.stockbridge.simulator.shopify;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A running Shopify Admin GraphQL simulator (a real HTTP server).
 *
 * <p>Routes: {@code POST /admin/api/{version}/graphql.json} serves the first (default) shop; {@code
 * POST /shops/{shop}/admin/api/{version}/graphql.json} serves any shop by name (see {@link
 * #shopBaseUrl}). {@code POST /_staged} takes staged uploads (multipart form, as Shopify's signed
 * form upload), {@code GET /_files/{name}} serves bulk results, {@code /_control/...} is the
 * control API ({@link ControlApi}).
 *
 * <p>Start with {@link #start(ShopifySimulatorOptions)}; close to stop. Thread-safe.
 */
public final class ShopifySimulator implements AutoCloseable {
  private final ShopifySimulatorOptions options;
  private final Map<String, SimulatedShop> shops = new LinkedHashMap<>();
  private final Faults faults;
  private final Counters counters = new Counters();
  private final ReceivedTraces traces = new ReceivedTraces();
  private final FileStore files = new FileStore();
  private final ScheduledExecutorService webhookScheduler = Executors.newScheduledThreadPool(2);
  private final ExecutorService bulkExecutor = Executors.newVirtualThreadPerTaskExecutor();
  private final Webhooks webhooks;
  private final Javalin app;
  private volatile String baseUrl = "";

  private ShopifySimulator(ShopifySimulatorOptions options) {
    this.options = options;
    this.faults = new Faults(options.seed());
    this.webhooks =
        new Webhooks(
            options.appSecret(),
            options.apiVersion(),
            options.webhookRetryDelays(),
            faults,
            counters,
            webhookScheduler);
    options.shops().forEach(this::addShop);
    GraphqlEndpoint endpoint = new GraphqlEndpoint(options, faults, counters, traces);
    this.app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              routes(config.routes, endpoint);
            });
  }

  private void routes(RoutesConfig app, GraphqlEndpoint endpoint) {
    app.post("/admin/api/{version}/graphql.json", ctx -> endpoint.handle(ctx, shop()));
    app.post(
        "/shops/{shop}/admin/api/{version}/graphql.json",
        ctx -> {
          SimulatedShop shop = shop(ctx.pathParam("shop"));
          if (shop == null) {
            ctx.status(404).json(Map.of("errors", "Not Found"));
          } else {
            endpoint.handle(ctx, shop);
          }
        });
    app.post("/_staged", this::stagedUpload);
    app.get("/_files/{name}", this::file);
    new ControlApi(this).register(app);
  }

  /** Starts a simulator on {@code options.host():options.port()}. */
  public static ShopifySimulator start(ShopifySimulatorOptions options) {
    AdminSchema.schema();
    ShopifySimulator simulator = new ShopifySimulator(options);
    simulator.app.start(options.host(), options.port());
    String host = options.host().equals("0.0.0.0") ? "127.0.0.1" : options.host();
    simulator.baseUrl = "http://" + host + ":" + simulator.app.port();
    return simulator;
  }

  /** e.g. {@code http://127.0.0.1:41234}; the default shop's GraphQL is under it. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The base URL a connector uses for {@code shop}: {@code <baseUrl>/shops/<shop>}. */
  public String shopBaseUrl(String shop) {
    return baseUrl + "/shops/" + shop;
  }

  public ShopifySimulatorOptions options() {
    return options;
  }

  /**
   * The {@code traceparent} headers received with GraphQL calls (any shop), oldest first; the
   * newest {@value ReceivedTraces#KEPT} are kept.
   */
  public List<String> receivedTraceparents() {
    return traces.all();
  }

  /** The default (first) shop. */
  public SimulatedShop shop() {
    return shop(options.shops().get(0));
  }

  public synchronized SimulatedShop shop(String name) {
    return shops.get(name);
  }

  /** Adds a shop (or returns the existing one of that name). */
  public synchronized SimulatedShop addShop(String name) {
    return shops.computeIfAbsent(
        name,
        n ->
            new SimulatedShop(
                n,
                options.clock(),
                options.plan(),
                webhooks,
                new BulkOperations(bulkExecutor, files, options.clock(), this::baseUrl),
                files));
  }

  synchronized Map<String, SimulatedShop> shops() {
    return Map.copyOf(shops);
  }

  public Faults faults() {
    return faults;
  }

  public Counters counters() {
    return counters;
  }

  private void stagedUpload(Context ctx) throws java.io.IOException {
    String key = ctx.formParam("key");
    var file = ctx.uploadedFile("file");
    if (key == null || file == null) {
      ctx.status(400)
          .result(
              "<Error><Code>InvalidArgument</Code><Message>key and file are required</Message></Error>");
      return;
    }
    try (var content = file.content()) {
      files.putStaged(key, content.readAllBytes());
    }
    ctx.status(201)
        .contentType("application/xml")
        .result("<PostResponse><Key>" + key + "</Key></PostResponse>");
  }

  private void file(Context ctx) {
    byte[] content = files.result(ctx.pathParam("name"));
    if (content == null) {
      ctx.status(404);
    } else {
      ctx.contentType("application/jsonl").result(content);
    }
  }

  @Override
  public void close() {
    app.stop();
    webhookScheduler.shutdownNow();
    bulkExecutor.shutdownNow();
  }
}
