package io.stockbridge.config;

import io.stockbridge.queue.QueueSettings;
import io.stockbridge.sync.SyncConfig;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole configuration of one node, validated at start. Every field names its YAML path and
 * environment variable in {@code docs/configuration.md}. Immutable and thread-safe.
 */
public record StockbridgeConfig(
    String nodeId,
    Path dataDir,
    Database database,
    Http http,
    Ingest ingest,
    Queue queue,
    Retention retention,
    Optional<Secret> bootstrapAdminKey,
    Sources sources,
    SyncConfig sync,
    io.stockbridge.metrics.MetricsSettings metrics,
    io.stockbridge.alert.AlertSettings alerts) {

  /** {@code url} is a JDBC URL: {@code jdbc:sqlite:...} or {@code jdbc:postgresql://...}. */
  public record Database(String url, int poolSize) {}

  /** {@code port} 0 picks a free port; {@code maxBodyBytes} bounds every request body. */
  public record Http(String host, int port, long maxBodyBytes) {}

  /** Group commit: at most {@code maxBatch} events per transaction, {@code writers} in parallel. */
  /**
   * {@code maxIdSetIds}: most ids a webhook's ID set may span (each range's ids, repeats included);
   * its text is bounded by {@code http.maxBodyBytes}.
   */
  public record Ingest(int maxBatch, int writers, long maxIdSetIds) {}

  /**
   * The dispatcher's settings; {@code minRetryDelay} and {@code maxRetriesWithoutProgress} bound a
   * handler's retry-after (see {@link io.stockbridge.queue.QueueSettings}).
   */
  public record Queue(
      int claimBatch,
      Duration pollInterval,
      Duration lease,
      int maxAttempts,
      Duration backoffBase,
      Duration backoffMax,
      int maxInFlight,
      Duration minRetryDelay,
      int maxRetriesWithoutProgress,
      boolean enabled) {}

  /** Payloads older than {@code payloadAge} are archived (gzip JSON lines) or deleted. */
  public record Retention(Duration payloadAge, String mode, Duration interval) {}

  public record Sources(
      Map<String, Secret> brightpearlAccountSecrets,
      Map<String, Secret> shopifyShopSecrets,
      Optional<Secret> shopifyAppSecret,
      List<Secret> genericTokens,
      Optional<Secret> jwtHmacSecret,
      Optional<String> jwtRsaPublicKeyPem,
      Optional<String> jwtAudience,
      Optional<String> jwtIssuer,
      Duration jwtClockSkew) {}

  public static StockbridgeConfig from(ConfigSource source) {
    Path dataDir = Path.of(source.string("dataDir", "data"));
    String defaultUrl = "jdbc:sqlite:" + dataDir.resolve("stockbridge.db");
    String url = source.string("database.url", defaultUrl);
    if (!url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
      source.problem(
          "database.url: must start with jdbc:sqlite: or jdbc:postgresql:, got '"
              + url.replaceAll("password=[^&]*", "password=****")
              + "'");
    }
    boolean postgres = url.startsWith("jdbc:postgresql:");
    Database database = new Database(url, (int) source.number("database.poolSize", 10, 2, 200));
    Http http =
        new Http(
            source.string("http.host", "0.0.0.0"),
            (int) source.number("http.port", 8080, 0, 65535),
            source.number("http.maxBodyBytes", 1_048_576, 1024, 64L * 1024 * 1024));
    Ingest ingest =
        new Ingest(
            (int) source.number("ingest.maxBatch", 500, 1, 10_000),
            (int) source.number("ingest.writers", postgres ? 2 : 1, 1, 16),
            source.number("ingest.maxIdSetIds", 1_000_000, 1, 10_000_000));
    Queue queue =
        new Queue(
            (int) source.number("queue.claimBatch", 200, 1, 5000),
            Duration.ofMillis(source.number("queue.pollMillis", 50, 1, 60_000)),
            Duration.ofSeconds(source.number("queue.leaseSeconds", 30, 1, 3600)),
            (int) source.number("queue.maxAttempts", 10, 1, 1000),
            Duration.ofMillis(source.number("queue.backoffBaseMillis", 1000, 1, 3_600_000)),
            Duration.ofMillis(source.number("queue.backoffMaxMillis", 600_000, 1, 86_400_000)),
            (int) source.number("queue.maxInFlight", 20_000, 1, 200_000),
            Duration.ofMillis(
                source.number(
                    "queue.minRetryDelayMillis",
                    QueueSettings.DEFAULT_MIN_RETRY_DELAY.toMillis(),
                    1,
                    3_600_000)),
            (int)
                source.number(
                    "queue.maxRetriesWithoutProgress",
                    QueueSettings.DEFAULT_MAX_RETRIES_WITHOUT_PROGRESS,
                    0,
                    10_000),
            source.bool("queue.enabled", true));
    Retention retention =
        new Retention(
            Duration.ofDays(source.number("retention.payloadDays", 30, 0, 3650)),
            source.choice("retention.mode", "archive", List.of("archive", "delete")),
            Duration.ofMinutes(source.number("retention.intervalMinutes", 60, 1, 10_080)));
    Sources sources = readSources(source);
    String nodeId = source.string("node.id", defaultNodeId());
    StockbridgeConfig config =
        new StockbridgeConfig(
            nodeId,
            dataDir,
            database,
            http,
            ingest,
            queue,
            retention,
            source.optionalSecret("admin.bootstrapKey"),
            sources,
            SyncConfig.from(source),
            io.stockbridge.metrics.MetricsSettings.from(source),
            io.stockbridge.alert.AlertSettings.from(source));
    source.throwIfInvalid();
    return config;
  }

  private static Sources readSources(ConfigSource source) {
    Map<String, Secret> accounts = new LinkedHashMap<>();
    for (String account : source.sectionNames("sources.brightpearl.accounts")) {
      String path = "sources.brightpearl.accounts." + account + ".webhookSecret";
      source
          .optionalSecret(List.of("sources", "brightpearl", "accounts", account, "webhookSecret"))
          .ifPresentOrElse(
              secret -> accounts.put(account, secret),
              () -> source.problem(path + ": is required"));
    }
    Map<String, Secret> shops = new LinkedHashMap<>();
    for (String shop : source.sectionNames("sources.shopify.shops")) {
      source
          .optionalSecret(List.of("sources", "shopify", "shops", shop, "webhookSecret"))
          .ifPresent(secret -> shops.put(shop, secret));
    }
    List<Secret> tokens = source.list("sources.generic.tokens").stream().map(Secret::of).toList();
    Optional<Secret> jwtSecret = source.optionalSecret("sources.generic.jwt.hmacSecret");
    if (jwtSecret.isPresent() && jwtSecret.get().bytes().length < 32) {
      source.problem("sources.generic.jwt.hmacSecret: must be at least 32 bytes for HS256");
    }
    return new Sources(
        accounts,
        shops,
        source.optionalSecret("sources.shopify.appSecret"),
        tokens,
        jwtSecret,
        source.optionalString("sources.generic.jwt.rsaPublicKeyPem"),
        source.optionalString("sources.generic.jwt.audience"),
        source.optionalString("sources.generic.jwt.issuer"),
        Duration.ofSeconds(source.number("sources.generic.jwt.clockSkewSeconds", 60, 0, 600)));
  }

  private static String defaultNodeId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "node";
    }
    return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
  }
}
