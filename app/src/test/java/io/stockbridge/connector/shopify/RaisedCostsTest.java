package io.stockbridge.connector.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockbridge.config.Secret;
import io.stockbridge.ratelimit.InMemoryBudgetStateStore;
import io.stockbridge.simulator.shopify.CostSettings;
import io.stockbridge.simulator.shopify.FaultSettings;
import io.stockbridge.simulator.shopify.ShopifySimulator;
import io.stockbridge.simulator.shopify.ShopifySimulatorOptions;
import io.stockbridge.testhelper.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connector against a simulator whose costs are above every estimate of ours (Shopify's
 * documented costs are defaults, not a contract): it copes from Shopify's answers alone. Time is
 * simulated, so minutes of rate-limited traffic take milliseconds.
 */
class RaisedCostsTest {
  private final MutableClock time = new MutableClock();
  private final ShopifySimulator simulator =
      ShopifySimulator.start(ShopifySimulatorOptions.defaults().withClock(time));
  private final String location = simulator.shop().addLocation("Main");

  @AfterEach
  void stop() {
    simulator.close();
  }

  private ShopifyConnector connector() {
    ShopifySettings settings =
        ShopifySettings.of(
                ShopifySimulatorOptions.DEFAULT_SHOP,
                Secret.of(ShopifySimulatorOptions.DEFAULT_ACCESS_TOKEN))
            .withBaseUrl(URI.create(simulator.baseUrl()))
            .withParallelism(1);
    return new ShopifyConnector(settings, new InMemoryBudgetStateStore(), time, time);
  }

  @Test
  void lookups_at_costs_above_every_estimate_pace_on_shopifys_figure_with_at_most_one_throttled() {
    simulator.shop().generate(5000, "SKU-", location, 1);
    simulator.faults().setCosts(CostSettings.raised());
    ShopifyConnector connector = connector();
    List<String> skus = IntStream.rangeClosed(1, 5000).mapToObj(i -> "SKU-" + i).toList();

    // 50 lookups of 100 SKUs: Shopify asks 1.5 x 302 + 5 = 458 points each, we estimate 302.
    assertThat(connector.findVariantsBySku(skus)).hasSize(5000);

    assertThat(simulator.counters().get("throttled")).isLessThanOrEqualTo(1);
    assertThat(simulator.counters().callsOf("productVariants"))
        .isBetween(50L, 50L + simulator.counters().get("throttled"));
    double allowed = (simulator.counters().get("cost_spent") - 2000) / 100.0;
    assertThat(time.slept().toMillis() / 1000.0).isBetween(allowed * 0.9, allowed * 1.1);
  }

  @Test
  void level_page_over_the_single_query_maximum_is_halved_read_whole_and_remembered() {
    simulator.shop().generate(600, "SKU-", location, 3);
    simulator.faults().setCosts(new CostSettings(1.5, 0));
    ShopifyConnector connector = connector();

    // 3 + 250 x 3 = 753 documented, 1130 at these costs: over 1000, refused once, then 125.
    assertThat(connector.allInventoryLevels(location)).hasSize(600);
    assertThat(simulator.counters().get("max_cost_exceeded")).isEqualTo(1);
    assertThat(connector.client().stats().costExceeded()).isEqualTo(1);

    assertThat(connector.inventoryLevels(location, null, 250).levels()).hasSize(125);
    assertThat(simulator.counters().get("max_cost_exceeded")).isEqualTo(1);
  }

  @Test
  void a_raised_cost_learned_on_one_document_sizes_a_large_page_of_another_before_sending() {
    simulator.shop().generate(300, "SKU-", location, 3);
    simulator.faults().setCosts(new CostSettings(1.5, 0));
    ShopifyConnector connector = connector();
    connector.findVariantsBySku(IntStream.rangeClosed(1, 100).mapToObj(i -> "SKU-" + i).toList());

    assertThat(connector.allInventoryLevels(location)).hasSize(300);

    assertThat(simulator.counters().get("max_cost_exceeded")).isZero();
  }

  @Test
  void throttled_answer_is_waited_out_until_the_reported_bucket_holds_the_requested_cost() {
    simulator.shop().generate(100, "SKU-", location, 1);
    simulator.faults().setCosts(CostSettings.raised());
    ShopifyConnector connector = connector();
    connector.locations();
    simulator.shop().drainBucket(0);

    assertThat(
            connector.findVariantsBySku(
                IntStream.rangeClosed(1, 100).mapToObj(i -> "SKU-" + i).toList()))
        .hasSize(100);

    // The estimate is 302 and the bucket refills at 100/s, but Shopify asks 458: wait for 458.
    assertThat(simulator.counters().get("throttled")).isLessThanOrEqualTo(1);
    assertThat(time.slept()).isGreaterThanOrEqualTo(Duration.ofMillis(4580));
    assertThat(simulator.counters().callsOf("productVariants")).isLessThanOrEqualTo(2);
  }

  @Test
  void persistent_throttling_waits_between_attempts_and_ends_in_a_retry_later_with_a_real_delay() {
    simulator.faults().set(new FaultSettings(0, 0, 0, 0, 1000, 1.0, 0, 0, 0, 0));
    ShopifyConnector connector = connector();

    assertThatThrownBy(connector::locations)
        .isInstanceOfSatisfying(
            ShopifyRetryLaterException.class,
            e -> assertThat(e.retryAfter()).isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
    int attempts = ShopifySettings.DEFAULT_MAX_ATTEMPTS;
    assertThat(simulator.counters().get("throttled")).isEqualTo(attempts);
    assertThat(time.slept())
        .isGreaterThanOrEqualTo(ShopifyClient.MIN_THROTTLE_WAIT.multipliedBy(attempts - 1));
  }
}
