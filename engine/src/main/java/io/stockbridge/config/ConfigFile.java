package io.stockbridge.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration file's shape: one record per section, one component per key, exactly as the
 * YAML spells it. Jackson binds the file (with the environment's overrides merged in) into these
 * records and rejects any key no component names, so a misspelt key ({@code htpp:}) stops the start
 * with a suggestion instead of being ignored. Values are as written (a {@code null} is an absent
 * key); ranges, required values and defaults are checked by {@link StockbridgeConfig#from} and
 * {@link io.stockbridge.config.SyncConfig#from}, which turn these records into the validated
 * configuration. Absent sections are empty records, absent maps and lists empty, so the validator
 * never meets a null section. To add a key: add a component here, read and check it in the
 * validator, and add its row to the README's configuration table.
 */
public record ConfigFile(
    String dataDir,
    Node node,
    Database database,
    Http http,
    Ingest ingest,
    Queue queue,
    Retention retention,
    Admin admin,
    Sources sources,
    Warehouse warehouse,
    Map<String, Store> stores,
    Sync sync,
    Products products,
    Reconcile reconcile,
    Log log,
    Tracing tracing,
    Metrics metrics,
    Alerts alerts,
    Fanout fanout) {

  public ConfigFile {
    node = node == null ? new Node(null) : node;
    database = database == null ? new Database(null, null) : database;
    http = http == null ? new Http(null, null, null) : http;
    ingest = ingest == null ? new Ingest(null, null, null) : ingest;
    queue =
        queue == null
            ? new Queue(null, null, null, null, null, null, null, null, null, null)
            : queue;
    retention = retention == null ? new Retention(null, null, null) : retention;
    admin = admin == null ? new Admin(null) : admin;
    sources = sources == null ? new Sources(null, null, null) : sources;
    stores = entries(stores);
    sync = sync == null ? new Sync(null, null, null, null) : sync;
    products = products == null ? new Products(null, null, null) : products;
    reconcile = reconcile == null ? new Reconcile(null, null) : reconcile;
    log = log == null ? new Log(null, null) : log;
    tracing = tracing == null ? new Tracing(null, null) : tracing;
    metrics = metrics == null ? new Metrics(null, null) : metrics;
    alerts =
        alerts == null
            ? new Alerts(null, null, null, null, null, null, null, null, null, null, null)
            : alerts;
    fanout = fanout == null ? new Fanout(null, null, null) : fanout;
  }

  /** An empty file: every value takes its default. */
  public static ConfigFile empty() {
    return new ConfigFile(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null);
  }

  /**
   * A map with {@code null} entries kept (an entry written as {@code eu:} with nothing under it).
   */
  static <V> Map<String, V> entries(Map<String, V> map) {
    return map == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  public record Node(String id) {}

  public record Database(String url, Long poolSize) {}

  public record Http(String host, Long port, Long maxBodyBytes) {}

  public record Ingest(Long maxBatch, Long writers, Long maxIdSetIds) {}

  public record Queue(
      Boolean enabled,
      Long claimBatch,
      Long pollMillis,
      Long leaseSeconds,
      Long maxAttempts,
      Long backoffBaseMillis,
      Long backoffMaxMillis,
      Long minRetryDelayMillis,
      Long maxRetriesWithoutProgress,
      Long maxInFlight) {}

  public record Retention(Long payloadDays, String mode, Long intervalMinutes) {}

  public record Admin(String bootstrapKey) {}

  public record Sources(Brightpearl brightpearl, Shopify shopify, Generic generic) {
    public Sources {
      brightpearl = brightpearl == null ? new Brightpearl(null) : brightpearl;
      shopify = shopify == null ? new Shopify(null, null) : shopify;
      generic = generic == null ? new Generic(null, null) : generic;
    }
  }

  public record Brightpearl(Map<String, WebhookSecret> accounts) {
    public Brightpearl {
      accounts = entries(accounts);
    }
  }

  public record Shopify(String appSecret, Map<String, WebhookSecret> shops) {
    public Shopify {
      shops = entries(shops);
    }
  }

  /** An account's or a shop's own webhook secret. */
  public record WebhookSecret(String webhookSecret) {}

  /** {@code tokens}: a list, or one comma-separated value. */
  public record Generic(
      @JsonDeserialize(using = TextList.Deserializer.class) List<String> tokens, Jwt jwt) {
    public Generic {
      tokens = tokens == null ? List.of() : tokens;
      jwt = jwt == null ? new Jwt(null, null, null, null, null) : jwt;
    }
  }

  public record Jwt(
      String hmacSecret,
      String rsaPublicKeyPem,
      String audience,
      String issuer,
      Long clockSkewSeconds) {}

  public record Warehouse(
      String account,
      String baseUrl,
      String datacentre,
      String appRef,
      String devRef,
      String token,
      String accountToken,
      Long requestsPerMinute,
      Long availabilityBatch,
      String stockFormula,
      Long priceListId) {}

  /**
   * One store. {@code locations}: a Shopify location to one warehouse id or a list of them; {@code
   * flows}: a list or one comma-separated value, {@code null} when absent (every flow).
   */
  public record Store(
      String shop,
      String baseUrl,
      String accessToken,
      String apiVersion,
      Map<String, List<Long>> locations,
      SafetyStock safetyStock,
      @JsonDeserialize(using = TextList.Deserializer.class) List<String> flows,
      Boolean paused,
      Boolean shadow,
      String onProductDestroyed,
      Bulk bulk,
      Orders orders) {
    public Store {
      safetyStock = safetyStock == null ? new SafetyStock(null, null, null) : safetyStock;
      bulk = bulk == null ? new Bulk(null, null, null) : bulk;
      orders = orders == null ? new Orders(null, null, null, null, null, null, null) : orders;
    }

    /** A store written with nothing under its name. */
    public static Store empty() {
      return new Store(null, null, null, null, null, null, null, null, null, null, null, null);
    }
  }

  public record SafetyStock(
      @JsonProperty("default") Long defaultUnits, Map<String, Long> skus, Map<String, Long> tags) {
    public SafetyStock {
      skus = entries(skus);
      tags = entries(tags);
    }
  }

  public record Bulk(Long readThreshold, Long concurrency, Long startWaitSeconds) {}

  /** A store's order flow settings (flow {@code orders}): see SyncConfig.Orders. */
  public record Orders(
      Long channelId,
      Long warehouseId,
      Long statusId,
      Long cancelledStatusId,
      String paymentMethod,
      String taxCode,
      Long pollSeconds) {}

  public record Sync(
      Long debounceMillis, Long maxWaitMillis, Long batchFillMillis, Long maxBatchWaitMillis) {}

  public record Products(List<TagRule> tagRules, Boolean categoryTags, Long bulkThreshold) {
    public Products {
      tagRules =
          tagRules == null
              ? List.of()
              : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(tagRules));
    }
  }

  /** {@code matches}: a regular expression; absent matches any non-empty value. */
  public record TagRule(String field, String matches, String tag) {}

  /** {@code at}: a time of day (UTC) such as {@code 02:00}. */
  public record Reconcile(Boolean enabled, String at) {}

  /** {@code format}: text or json; {@code level}: trace, debug, info, warn or error. */
  public record Log(String format, String level) {}

  /** {@code otlpEndpoint}: an http(s) URL spans are exported to; absent: none leave the node. */
  public record Tracing(Boolean enabled, String otlpEndpoint) {}

  /** {@code auth}: key (an admin API key of any role) or none. */
  public record Metrics(Boolean enabled, String auth) {}

  /** {@code businessDays}: a list, or one comma-separated value. */
  public record Alerts(
      Boolean enabled,
      Long intervalSeconds,
      Long deadLettersAbove,
      Long oldestReadySeconds,
      Long throttlesPerMinute,
      Long driftAbove,
      Long webhookSilenceMinutes,
      Long connectionFailuresPerMinute,
      String businessHours,
      @JsonDeserialize(using = TextList.Deserializer.class) List<String> businessDays,
      String timezone) {}

  /**
   * Fan-out of change events (issue 13): {@code pollMillis}, {@code allowNetworks} (CIDRs outbound
   * webhooks may reach although private), and the subscribers by name.
   */
  public record Fanout(
      Long pollMillis,
      @JsonDeserialize(using = TextList.Deserializer.class) List<String> allowNetworks,
      Map<String, Subscriber> subscribers) {
    public Fanout {
      subscribers = entries(subscribers);
    }
  }

  /** One subscriber; which keys apply depends on {@code kind} (webhook, rabbitmq, nats). */
  public record Subscriber(
      String kind,
      String url,
      @JsonDeserialize(using = TextList.Deserializer.class) List<String> secrets,
      @JsonDeserialize(using = TextList.Deserializer.class) List<String> types,
      @JsonDeserialize(using = TextList.Deserializer.class) List<String> stores,
      String sku,
      String order,
      List<Long> retrySeconds,
      Long timeoutMillis,
      Long ratePerSecond,
      Long concurrency,
      Long roundsInFlight,
      Long disableAfterMinutes,
      @JsonDeserialize(using = TextList.Deserializer.class) List<String> allowNetworks,
      String exchange,
      String stream,
      String subject) {}
}
