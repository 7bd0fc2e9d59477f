package io.stockbridge.connector.shopify;

import io.stockbridge.config.Secret;
import io.stockbridge.time.Backoff;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach one Shopify store. Immutable.
 *
 * @param shop the shop name ({@code <shop>.myshopify.com}); also names the shared cost budget
 * @param baseUrl where {@code /admin/api/<version>/graphql.json} lives; {@code
 *     https://<shop>.myshopify.com} in production, a simulator or proxy URL otherwise
 * @param accessToken the Admin API access token (never printed)
 * @param apiVersion e.g. {@code 2026-10}
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout time allowed for one HTTP answer; longer counts as a timeout and is retried
 * @param maxAttempts attempts per request before {@link ShopifyRetryLaterException} (at least 1)
 * @param initialBackoff first wait after a 5xx, timeout or malformed answer; doubles per attempt
 * @param maxBackoff the longest such wait
 * @param parallelism calls one operation may have in flight at once (batches of a large push); the
 *     shared cost budget still paces them
 */
public record ShopifySettings(
    String shop,
    URI baseUrl,
    Secret accessToken,
    String apiVersion,
    Duration connectTimeout,
    Duration requestTimeout,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    int parallelism) {
  public static final int DEFAULT_PARALLELISM = 4;
  public static final String DEFAULT_API_VERSION = "2026-10";
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_ATTEMPTS = 8;

  public ShopifySettings {
    Objects.requireNonNull(shop, "shop");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(apiVersion, "apiVersion");
    if (!apiVersion.matches("\\d{4}-\\d{2}|unstable")) {
      throw new IllegalArgumentException(
          "apiVersion must look like 2026-10 (or be 'unstable'), got " + apiVersion);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive");
    }
    if (initialBackoff.isNegative()
        || initialBackoff.isZero()
        || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "backoff needs 0 < initialBackoff <= maxBackoff, got "
              + initialBackoff
              + " and "
              + maxBackoff);
    }
  }

  /** The retry backoff: {@code initialBackoff} doubled per attempt, capped, with jitter. */
  public Backoff backoff() {
    return new Backoff(initialBackoff, maxBackoff);
  }

  /** Production settings for {@code https://<shop>.myshopify.com} with the defaults. */
  public static ShopifySettings of(String shop, Secret accessToken) {
    return new ShopifySettings(
        shop,
        URI.create("https://" + shop + ".myshopify.com"),
        accessToken,
        DEFAULT_API_VERSION,
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_MAX_ATTEMPTS,
        Duration.ofMillis(500),
        Duration.ofSeconds(30),
        DEFAULT_PARALLELISM);
  }

  public ShopifySettings withBaseUrl(URI newBaseUrl) {
    return new ShopifySettings(
        shop,
        newBaseUrl,
        accessToken,
        apiVersion,
        connectTimeout,
        requestTimeout,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        parallelism);
  }

  public ShopifySettings withApiVersion(String version) {
    return new ShopifySettings(
        shop,
        baseUrl,
        accessToken,
        version,
        connectTimeout,
        requestTimeout,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        parallelism);
  }

  public ShopifySettings withTimeouts(Duration connect, Duration request) {
    return new ShopifySettings(
        shop,
        baseUrl,
        accessToken,
        apiVersion,
        connect,
        request,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        parallelism);
  }

  public ShopifySettings withRetries(int attempts, Duration initial, Duration max) {
    return new ShopifySettings(
        shop,
        baseUrl,
        accessToken,
        apiVersion,
        connectTimeout,
        requestTimeout,
        attempts,
        initial,
        max,
        parallelism);
  }

  public ShopifySettings withParallelism(int calls) {
    return new ShopifySettings(
        shop,
        baseUrl,
        accessToken,
        apiVersion,
        connectTimeout,
        requestTimeout,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        calls);
  }

  /** {@code <baseUrl>/admin/api/<apiVersion>/graphql.json}. */
  public URI graphqlUri() {
    String base = baseUrl.toString().replaceAll("/+$", "");
    return URI.create(base + "/admin/api/" + apiVersion + "/graphql.json");
  }

  /** The name of this store's cost budget in the {@code BudgetStateStore}. */
  public String budgetName() {
    return "shopify:" + shop;
  }
}
