package io.stockbridge.config;

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
 * The whole configuration of one node, validated at start from the {@link ConfigFile} records.
 * Every key, its default and its environment variable are in the README's configuration section.
 * Immutable and thread-safe.
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
    ObserveConfig observe,
    io.stockbridge.config.MetricsSettings metrics,
    io.stockbridge.config.AlertSettings alerts,
    FanoutSettings fanout) {

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
   * handler's retry-after (see {@link io.stockbridge.config.QueueSettings}).
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

  /**
   * Validates what {@code source} read: ranges, required values and defaults; every problem names
   * its field and where its value came from (see {@link ConfigSource}). Throws {@link
   * ConfigException} listing them all.
   */
  public static StockbridgeConfig from(ConfigSource source) {
    ConfigFile file = source.file();
    Path dataDir = Path.of(source.text(file.dataDir(), "data"));
    String defaultUrl = "jdbc:sqlite:" + dataDir.resolve("stockbridge.db");
    String url = source.text(file.database().url(), defaultUrl);
    if (!url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
      source.problem(
          "database.url",
          "must start with jdbc:sqlite: or jdbc:postgresql:, got '"
              + url.replaceAll("password=[^&]*", "password=****")
              + "'");
    }
    boolean postgres = url.startsWith("jdbc:postgresql:");
    Database database =
        new Database(
            url, (int) source.number("database.poolSize", file.database().poolSize(), 10, 2, 200));
    ConfigFile.Http h = file.http();
    Http http =
        new Http(
            source.text(h.host(), "0.0.0.0"),
            (int) source.number("http.port", h.port(), 8080, 0, 65535),
            source.number(
                "http.maxBodyBytes", h.maxBodyBytes(), 1_048_576, 1024, 64L * 1024 * 1024));
    ConfigFile.Ingest i = file.ingest();
    Ingest ingest =
        new Ingest(
            (int) source.number("ingest.maxBatch", i.maxBatch(), 500, 1, 10_000),
            (int) source.number("ingest.writers", i.writers(), postgres ? 2 : 1, 1, 16),
            source.number("ingest.maxIdSetIds", i.maxIdSetIds(), 1_000_000, 1, 10_000_000));
    ConfigFile.Queue q = file.queue();
    Queue queue =
        new Queue(
            (int) source.number("queue.claimBatch", q.claimBatch(), 200, 1, 5000),
            Duration.ofMillis(source.number("queue.pollMillis", q.pollMillis(), 50, 1, 60_000)),
            Duration.ofSeconds(source.number("queue.leaseSeconds", q.leaseSeconds(), 30, 1, 3600)),
            (int) source.number("queue.maxAttempts", q.maxAttempts(), 10, 1, 1000),
            Duration.ofMillis(
                source.number(
                    "queue.backoffBaseMillis", q.backoffBaseMillis(), 1000, 1, 3_600_000)),
            Duration.ofMillis(
                source.number(
                    "queue.backoffMaxMillis", q.backoffMaxMillis(), 600_000, 1, 86_400_000)),
            (int) source.number("queue.maxInFlight", q.maxInFlight(), 20_000, 1, 200_000),
            Duration.ofMillis(
                source.number(
                    "queue.minRetryDelayMillis",
                    q.minRetryDelayMillis(),
                    QueueSettings.DEFAULT_MIN_RETRY_DELAY.toMillis(),
                    1,
                    3_600_000)),
            (int)
                source.number(
                    "queue.maxRetriesWithoutProgress",
                    q.maxRetriesWithoutProgress(),
                    QueueSettings.DEFAULT_MAX_RETRIES_WITHOUT_PROGRESS,
                    0,
                    10_000),
            source.flag(q.enabled(), true));
    ConfigFile.Retention r = file.retention();
    Retention retention =
        new Retention(
            Duration.ofDays(source.number("retention.payloadDays", r.payloadDays(), 30, 0, 3650)),
            source.choice("retention.mode", r.mode(), "archive", List.of("archive", "delete")),
            Duration.ofMinutes(
                source.number("retention.intervalMinutes", r.intervalMinutes(), 60, 1, 10_080)));
    Sources sources = readSources(source, file.sources());
    String nodeId = source.text(file.node().id(), defaultNodeId());
    StockbridgeConfig config =
        new StockbridgeConfig(
            nodeId,
            dataDir,
            database,
            http,
            ingest,
            queue,
            retention,
            source.secret(file.admin().bootstrapKey()),
            sources,
            SyncConfig.from(source),
            ObserveConfig.from(source),
            io.stockbridge.config.MetricsSettings.from(source),
            io.stockbridge.config.AlertSettings.from(source),
            FanoutSettings.from(source));
    source.throwIfInvalid();
    return config;
  }

  private static Sources readSources(ConfigSource source, ConfigFile.Sources file) {
    Map<String, Secret> accounts = new LinkedHashMap<>();
    file.brightpearl()
        .accounts()
        .forEach(
            (account, entry) ->
                source
                    .secret(entry == null ? null : entry.webhookSecret())
                    .ifPresentOrElse(
                        secret -> accounts.put(account, secret),
                        () ->
                            source.problem(
                                "sources.brightpearl.accounts." + account + ".webhookSecret",
                                "is required")));
    Map<String, Secret> shops = new LinkedHashMap<>();
    file.shopify()
        .shops()
        .forEach(
            (shop, entry) ->
                source
                    .secret(entry == null ? null : entry.webhookSecret())
                    .ifPresent(secret -> shops.put(shop, secret)));
    List<Secret> tokens = file.generic().tokens().stream().map(Secret::of).toList();
    ConfigFile.Jwt jwt = file.generic().jwt();
    Optional<Secret> jwtSecret = source.secret(jwt.hmacSecret());
    if (jwtSecret.isPresent() && jwtSecret.get().bytes().length < 32) {
      source.problem("sources.generic.jwt.hmacSecret", "must be at least 32 bytes for HS256");
    }
    return new Sources(
        accounts,
        shops,
        source.secret(file.shopify().appSecret()),
        tokens,
        jwtSecret,
        source.optional(jwt.rsaPublicKeyPem()),
        source.optional(jwt.audience()),
        source.optional(jwt.issuer()),
        Duration.ofSeconds(
            source.number(
                "sources.generic.jwt.clockSkewSeconds", jwt.clockSkewSeconds(), 60, 0, 600)));
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
