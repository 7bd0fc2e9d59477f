package io.stockbridge.connector.brightpearl;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Connection settings of one Brightpearl account. Immutable; build with {@link #builder()}, which
 * rejects bad values with a message naming the field.
 *
 * @param baseUrl scheme and host, e.g. {@code https://euw1.brightpearlconnect.com} (a simulator or
 *     proxy in tests); the API lives under {@code {baseUrl}/public-api/{accountCode}}
 * @param accountCode the Brightpearl account
 * @param auth OAuth instance app or private app credentials
 * @param connectTimeout TCP connect timeout (default 5 s)
 * @param requestTimeout time for a whole answer (default 30 s)
 * @param maxIdsPerRequest most ids per product, price and category GET (default and API cap 200)
 * @param maxIdsPerAvailabilityCall most ids per availability GET (default 200; undocumented)
 * @param requestsPerMinute the account's budget per rolling minute (default 200)
 * @param maxAttempts tries of one request failing with 5xx, timeout or a malformed body (default 4)
 * @param maxThrottledAnswers 503/429 answers tolerated for one request before giving up (default 8)
 * @param maxBudgetWait longest total wait for budget for one request (default 3 min)
 * @param retryBackoff first delay after a failure; doubles per retry up to 10 s (default 250 ms)
 * @param searchPageSize page size of product search (default 200)
 */
public record BrightpearlSettings(
    URI baseUrl,
    String accountCode,
    BrightpearlAuth auth,
    Duration connectTimeout,
    Duration requestTimeout,
    int maxIdsPerRequest,
    int maxIdsPerAvailabilityCall,
    int requestsPerMinute,
    int maxAttempts,
    int maxThrottledAnswers,
    Duration maxBudgetWait,
    Duration retryBackoff,
    int searchPageSize) {
  public static final int API_MAX_IDS = 200;
  public static final int DEFAULT_REQUESTS_PER_MINUTE = 200;

  public BrightpearlSettings {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(auth, "auth");
    if (accountCode == null || !accountCode.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException(
          "Brightpearl accountCode must be letters, digits, '-' or '_', got '" + accountCode + "'");
    }
    if (maxIdsPerRequest < 1 || maxIdsPerRequest > API_MAX_IDS) {
      throw new IllegalArgumentException("maxIdsPerRequest must be within 1..200");
    }
    if (maxIdsPerAvailabilityCall < 1) {
      throw new IllegalArgumentException("maxIdsPerAvailabilityCall must be positive");
    }
    if (requestsPerMinute < 1 || maxAttempts < 1 || maxThrottledAnswers < 0) {
      throw new IllegalArgumentException(
          "requestsPerMinute and maxAttempts must be positive, maxThrottledAnswers >= 0");
    }
    if (retryBackoff.isNegative() || retryBackoff.isZero()) {
      throw new IllegalArgumentException("retryBackoff must be positive, got " + retryBackoff);
    }
    if (searchPageSize < 1 || searchPageSize > 500) {
      throw new IllegalArgumentException("searchPageSize must be within 1..500");
    }
  }

  /** {@code https://{datacentre}.brightpearlconnect.com}, e.g. for {@code euw1} or {@code use1}. */
  public static URI datacentreUrl(String datacentre) {
    if (datacentre == null || !datacentre.matches("[a-z0-9]+")) {
      throw new IllegalArgumentException("datacentre must be like euw1 or use1, got " + datacentre);
    }
    return URI.create("https://" + datacentre + ".brightpearlconnect.com");
  }

  /** {@code {baseUrl}/public-api/{accountCode}} without a trailing slash. */
  public String accountUrl() {
    String base = baseUrl.toString();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
        + "/public-api/"
        + accountCode;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder with the defaults above; not thread-safe. */
  public static final class Builder {
    private URI baseUrl;
    private String accountCode;
    private BrightpearlAuth auth;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private int maxIdsPerRequest = API_MAX_IDS;
    private int maxIdsPerAvailabilityCall = API_MAX_IDS;
    private int requestsPerMinute = DEFAULT_REQUESTS_PER_MINUTE;
    private int maxAttempts = 4;
    private int maxThrottledAnswers = 8;
    private Duration maxBudgetWait = Duration.ofMinutes(3);
    private Duration retryBackoff = Duration.ofMillis(250);
    private int searchPageSize = 200;

    public Builder baseUrl(String value) {
      baseUrl = URI.create(value);
      return this;
    }

    public Builder datacentre(String value) {
      baseUrl = datacentreUrl(value);
      return this;
    }

    public Builder accountCode(String value) {
      accountCode = value;
      return this;
    }

    public Builder auth(BrightpearlAuth value) {
      auth = value;
      return this;
    }

    public Builder connectTimeout(Duration value) {
      connectTimeout = value;
      return this;
    }

    public Builder requestTimeout(Duration value) {
      requestTimeout = value;
      return this;
    }

    public Builder maxIdsPerRequest(int value) {
      maxIdsPerRequest = value;
      return this;
    }

    public Builder maxIdsPerAvailabilityCall(int value) {
      maxIdsPerAvailabilityCall = value;
      return this;
    }

    public Builder requestsPerMinute(int value) {
      requestsPerMinute = value;
      return this;
    }

    public Builder maxAttempts(int value) {
      maxAttempts = value;
      return this;
    }

    public Builder maxThrottledAnswers(int value) {
      maxThrottledAnswers = value;
      return this;
    }

    public Builder maxBudgetWait(Duration value) {
      maxBudgetWait = value;
      return this;
    }

    public Builder retryBackoff(Duration value) {
      retryBackoff = value;
      return this;
    }

    public Builder searchPageSize(int value) {
      searchPageSize = value;
      return this;
    }

    public BrightpearlSettings build() {
      if (baseUrl == null) {
        throw new IllegalArgumentException("Brightpearl baseUrl (or datacentre) is required");
      }
      return new BrightpearlSettings(
          baseUrl,
          accountCode,
          auth,
          connectTimeout,
          requestTimeout,
          maxIdsPerRequest,
          maxIdsPerAvailabilityCall,
          requestsPerMinute,
          maxAttempts,
          maxThrottledAnswers,
          maxBudgetWait,
          retryBackoff,
          searchPageSize);
    }
  }
}
