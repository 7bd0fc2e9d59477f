package io.stockbridge.simulator.brightpearl;

import io.stockbridge.config.Secret;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * How a {@link BrightpearlSimulator} behaves. Immutable; build with {@link #builder()}. Defaults
 * follow the real API: 200 requests per rolling minute answered with 503 when exceeded, 200 ids per
 * product and availability request.
 *
 * @param port TCP port, 0 for any free one
 * @param accountCode the one account served under {@code /public-api/{account}/...}
 * @param appRef accepted {@code brightpearl-app-ref}
 * @param devRef accepted {@code brightpearl-dev-ref} (OAuth instance apps)
 * @param oauthToken accepted {@code Authorization: Bearer} token (OAuth instance apps)
 * @param accountToken accepted {@code brightpearl-account-token} (private apps)
 * @param requestsPerMinute requests allowed per rolling minute per account
 * @param throttleMode how an over-limit request is answered
 * @param maxProductIds most ids a product or product-price GET accepts
 * @param maxAvailabilityIds most ids a product-availability GET accepts
 * @param clock time for the rate limit and {@code raised-on}; tests pass a settable one
 * @param webhookAttempts deliveries tried per webhook request (first try included)
 * @param webhookRetryDelay delay before the first retry; doubles on every further retry
 * @param renderResourceSpecifier whether templates get {@code ${resource-specifier}} rendered (a
 *     variable Brightpearl lists but does not promise; default false: it renders empty, like any
 *     variable beyond the five documented ones)
 */
public record BrightpearlSimulatorOptions(
    int port,
    String accountCode,
    String appRef,
    String devRef,
    Secret oauthToken,
    Secret accountToken,
    int requestsPerMinute,
    ThrottleMode throttleMode,
    int maxProductIds,
    int maxAvailabilityIds,
    InstantSource clock,
    int webhookAttempts,
    Duration webhookRetryDelay,
    boolean renderResourceSpecifier) {

  /** How the simulator answers a request over the rate limit. */
  public enum ThrottleMode {
    /** HTTP 503 with the errors body, as Brightpearl documents. */
    STATUS_503,
    /** HTTP 429 with {@code Retry-After} (seconds), as some clients report seeing. */
    STATUS_429
  }

  public static final int DEFAULT_REQUESTS_PER_MINUTE = 200;
  public static final int DEFAULT_MAX_IDS = 200;

  public BrightpearlSimulatorOptions {
    Objects.requireNonNull(accountCode, "accountCode");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(throttleMode, "throttleMode");
    if (requestsPerMinute <= 0 || maxProductIds <= 0 || maxAvailabilityIds <= 0) {
      throw new IllegalArgumentException(
          "requestsPerMinute, maxProductIds and maxAvailabilityIds must be positive");
    }
    if (webhookAttempts < 1) {
      throw new IllegalArgumentException("webhookAttempts must be at least 1");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder with the real API's defaults; not thread-safe. */
  public static final class Builder {
    private int port;
    private String accountCode = "stockbridgesim";
    private String appRef = "stockbridge";
    private String devRef = "stockbridge-dev";
    private Secret oauthToken = Secret.of("sim-oauth-token");
    private Secret accountToken = Secret.of("sim-account-token");
    private int requestsPerMinute = DEFAULT_REQUESTS_PER_MINUTE;
    private ThrottleMode throttleMode = ThrottleMode.STATUS_503;
    private int maxProductIds = DEFAULT_MAX_IDS;
    private int maxAvailabilityIds = DEFAULT_MAX_IDS;
    private InstantSource clock = InstantSource.system();
    private int webhookAttempts = 5;
    private Duration webhookRetryDelay = Duration.ofSeconds(1);
    private boolean renderResourceSpecifier;

    public Builder port(int value) {
      port = value;
      return this;
    }

    public Builder accountCode(String value) {
      accountCode = value;
      return this;
    }

    public Builder appRef(String value) {
      appRef = value;
      return this;
    }

    public Builder devRef(String value) {
      devRef = value;
      return this;
    }

    public Builder oauthToken(Secret value) {
      oauthToken = value;
      return this;
    }

    public Builder accountToken(Secret value) {
      accountToken = value;
      return this;
    }

    public Builder requestsPerMinute(int value) {
      requestsPerMinute = value;
      return this;
    }

    public Builder throttleMode(ThrottleMode value) {
      throttleMode = value;
      return this;
    }

    public Builder maxProductIds(int value) {
      maxProductIds = value;
      return this;
    }

    public Builder maxAvailabilityIds(int value) {
      maxAvailabilityIds = value;
      return this;
    }

    public Builder clock(InstantSource value) {
      clock = value;
      return this;
    }

    public Builder webhookAttempts(int value) {
      webhookAttempts = value;
      return this;
    }

    public Builder webhookRetryDelay(Duration value) {
      webhookRetryDelay = value;
      return this;
    }

    public Builder renderResourceSpecifier(boolean value) {
      renderResourceSpecifier = value;
      return this;
    }

    public BrightpearlSimulatorOptions build() {
      return new BrightpearlSimulatorOptions(
          port,
          accountCode,
          appRef,
          devRef,
          oauthToken,
          accountToken,
          requestsPerMinute,
          throttleMode,
          maxProductIds,
          maxAvailabilityIds,
          clock,
          webhookAttempts,
          webhookRetryDelay,
          renderResourceSpecifier);
    }
  }
}
