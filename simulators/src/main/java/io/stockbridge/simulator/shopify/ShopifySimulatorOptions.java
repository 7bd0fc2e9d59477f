package io.stockbridge.simulator.shopify;

import io.stockbridge.config.Secret;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to start a {@link ShopifySimulator}. Immutable; use {@link #defaults()} and the {@code with*}
 * methods.
 *
 * @param host interface to bind ({@code 127.0.0.1} by default)
 * @param port TCP port, 0 for any free port
 * @param accessToken the token every GraphQL call must send in {@code X-Shopify-Access-Token}
 * @param appSecret the key of the webhooks' HMAC signature
 * @param plan the rate-limit plan of every shop
 * @param shops shop names served; the first is also served without a {@code /shops/<name>} prefix
 * @param apiVersion the version reported in webhook headers
 * @param webhookRetryDelays delay before each retry of a failed webhook (Shopify: 8 over 4 hours)
 * @param clock time source of cost buckets and timestamps
 * @param seed seed of the random faults
 */
public record ShopifySimulatorOptions(
    String host,
    int port,
    Secret accessToken,
    Secret appSecret,
    ShopifyPlan plan,
    List<String> shops,
    String apiVersion,
    List<Duration> webhookRetryDelays,
    Clock clock,
    long seed) {
  public static final String DEFAULT_SHOP = "stockbridge-dev";
  public static final String DEFAULT_ACCESS_TOKEN = "shpat_simulator";
  public static final String DEFAULT_APP_SECRET = "simulator-app-secret";

  public ShopifySimulatorOptions {
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(appSecret, "appSecret");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(clock, "clock");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535 (0 = any free port), got " + port);
    }
    if (shops == null || shops.isEmpty()) {
      throw new IllegalArgumentException("shops must name at least one shop");
    }
    shops = List.copyOf(shops);
    webhookRetryDelays = List.copyOf(webhookRetryDelays);
  }

  public static ShopifySimulatorOptions defaults() {
    return new ShopifySimulatorOptions(
        "127.0.0.1",
        0,
        Secret.of(DEFAULT_ACCESS_TOKEN),
        Secret.of(DEFAULT_APP_SECRET),
        ShopifyPlan.STANDARD,
        List.of(DEFAULT_SHOP),
        "2026-10",
        List.of(
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            Duration.ofMinutes(2),
            Duration.ofMinutes(10),
            Duration.ofMinutes(30),
            Duration.ofHours(1),
            Duration.ofHours(2)),
        Clock.systemUTC(),
        42);
  }

  /** The interface to bind, e.g. {@code 0.0.0.0} to serve other machines or containers. */
  public ShopifySimulatorOptions withHost(String newHost) {
    return new ShopifySimulatorOptions(
        newHost,
        port,
        accessToken,
        appSecret,
        plan,
        shops,
        apiVersion,
        webhookRetryDelays,
        clock,
        seed);
  }

  public ShopifySimulatorOptions withPort(int newPort) {
    return new ShopifySimulatorOptions(
        host,
        newPort,
        accessToken,
        appSecret,
        plan,
        shops,
        apiVersion,
        webhookRetryDelays,
        clock,
        seed);
  }

  public ShopifySimulatorOptions withPlan(ShopifyPlan newPlan) {
    return new ShopifySimulatorOptions(
        host,
        port,
        accessToken,
        appSecret,
        newPlan,
        shops,
        apiVersion,
        webhookRetryDelays,
        clock,
        seed);
  }

  public ShopifySimulatorOptions withShops(List<String> newShops) {
    return new ShopifySimulatorOptions(
        host,
        port,
        accessToken,
        appSecret,
        plan,
        newShops,
        apiVersion,
        webhookRetryDelays,
        clock,
        seed);
  }

  public ShopifySimulatorOptions withCredentials(Secret newAccessToken, Secret newAppSecret) {
    return new ShopifySimulatorOptions(
        host,
        port,
        newAccessToken,
        newAppSecret,
        plan,
        shops,
        apiVersion,
        webhookRetryDelays,
        clock,
        seed);
  }

  public ShopifySimulatorOptions withWebhookRetryDelays(List<Duration> delays) {
    return new ShopifySimulatorOptions(
        host, port, accessToken, appSecret, plan, shops, apiVersion, delays, clock, seed);
  }

  public ShopifySimulatorOptions withClock(Clock newClock) {
    return new ShopifySimulatorOptions(
        host,
        port,
        accessToken,
        appSecret,
        plan,
        shops,
        apiVersion,
        webhookRetryDelays,
        newClock,
        seed);
  }
}
