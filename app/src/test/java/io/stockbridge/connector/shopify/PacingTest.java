package io.stockbridge.connector.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.config.Secret;
import io.stockbridge.ratelimit.InMemoryBudgetStateStore;
import io.stockbridge.simulator.shopify.ShopifySimulator;
import io.stockbridge.simulator.shopify.ShopifySimulatorOptions;
import io.stockbridge.testhelper.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The connector against a simulator that shares its simulated clock: pacing without waiting. */
class PacingTest {
  @Test
  void
      lookups_worth_ten_buckets_finish_within_ten_percent_of_the_time_the_bucket_allows_without_throttled() {
    MutableClock time = new MutableClock();
    try (ShopifySimulator simulator =
        ShopifySimulator.start(ShopifySimulatorOptions.defaults().withClock(time))) {
      String location = simulator.shop().addLocation("Main");
      simulator.shop().generate(5000, "SKU-", location, 1);
      ShopifySettings settings =
          ShopifySettings.of(
                  ShopifySimulatorOptions.DEFAULT_SHOP,
                  Secret.of(ShopifySimulatorOptions.DEFAULT_ACCESS_TOKEN))
              .withBaseUrl(URI.create(simulator.baseUrl()))
              .withParallelism(1);
      ShopifyConnector connector =
          new ShopifyConnector(settings, new InMemoryBudgetStateStore(), time, time);
      List<String> skus = IntStream.rangeClosed(1, 5000).mapToObj(i -> "SKU-" + i).toList();

      // 50 pages of 100 variants: 50 x 302 = 15,100 points against a 2000-point bucket at 100/s.
      assertThat(connector.findVariantsBySku(skus)).hasSize(5000);

      double allowed = (50 * 302 - 2000) / 100.0;
      assertThat(time.slept().toMillis() / 1000.0).isBetween(allowed * 0.9, allowed * 1.1);
      assertThat(connector.client().stats().throttled()).isZero();
      assertThat(simulator.counters().get("throttled")).isZero();
    }
  }

  @Test
  void retries_back_off_on_the_injected_sleeper_and_give_up_with_retry_later() {
    MutableClock time = new MutableClock();
    try (ShopifySimulator simulator =
        ShopifySimulator.start(ShopifySimulatorOptions.defaults().withClock(time))) {
      simulator
          .faults()
          .set(
              new io.stockbridge.simulator.shopify.FaultSettings(
                  1.0, 0, 0, 0, 1000, 0, 0, 0, 0, 0));
      ShopifySettings settings =
          ShopifySettings.of(
                  ShopifySimulatorOptions.DEFAULT_SHOP,
                  Secret.of(ShopifySimulatorOptions.DEFAULT_ACCESS_TOKEN))
              .withBaseUrl(URI.create(simulator.baseUrl()))
              .withRetries(4, Duration.ofSeconds(1), Duration.ofSeconds(3));
      ShopifyConnector connector =
          new ShopifyConnector(settings, new InMemoryBudgetStateStore(), time, time);

      org.assertj.core.api.Assertions.assertThatThrownBy(connector::locations)
          .isInstanceOfSatisfying(
              ShopifyRetryLaterException.class,
              e ->
                  assertThat(e.retryAfter())
                      .isBetween(Duration.ofMillis(1500), Duration.ofSeconds(3)));
      // Waits after attempts 1, 2 and 3: 1 s, 2 s, then capped at 3 s, each less up to half.
      assertThat(time.slept()).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(6));
    }
  }
}
