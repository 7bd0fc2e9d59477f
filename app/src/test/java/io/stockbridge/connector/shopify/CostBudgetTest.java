package io.stockbridge.connector.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CostBudgetTest {
  private final ShopifyFixture fixture = new ShopifyFixture();

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void inventory_set_waits_for_bucket_drained_by_competing_node_and_sees_no_throttled()
      throws Exception {
    fixture.seed(300, 1);
    ShopifyConnector competitor = fixture.connector();
    ShopifyConnector ours = fixture.connector();
    String item = fixture.shop.inventoryItemOfSku("SKU-7");
    ours.locations(); // both nodes now know the real bucket
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      // 3 reconciliation pages of 753 points each: more than the 2000-point bucket holds.
      Future<?> drain =
          pool.submit(
              () -> {
                for (int i = 0; i < 3; i++) {
                  competitor.inventoryLevels(fixture.location, null, 250);
                }
              });
      List<Future<List<QuantityResult>>> pushes = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        int quantity = 10 + i;
        pushes.add(
            pool.submit(
                () ->
                    ours.setQuantities(
                        "available",
                        "correction",
                        null,
                        List.of(new QuantityChange(item, fixture.location, quantity, null)))));
      }
      drain.get();
      for (Future<List<QuantityResult>> push : pushes) {
        assertThat(push.get().get(0).outcome()).isEqualTo(QuantityResult.Outcome.APPLIED);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(
            competitor.client().stats().budgetWaitMillis()
                + ours.client().stats().budgetWaitMillis())
        .isPositive();
    assertThat(competitor.client().stats().throttled()).isZero();
    assertThat(ours.client().stats().throttled()).isZero();
    assertThat(fixture.simulator.counters().get("throttled")).isZero();
  }

  @Test
  void
      bucket_drained_by_another_app_costs_one_throttled_answer_then_the_connector_waits_and_succeeds() {
    fixture.seed(1, 1);
    ShopifyConnector connector = fixture.connector();
    connector.locations();
    fixture.shop.drainBucket(0);

    assertThat(connector.inventoryLevels(fixture.location, null, 50).levels()).hasSize(1);
    assertThat(connector.client().stats().throttled()).isEqualTo(1);
    // Having seen the drain, the model now waits instead of being throttled again.
    assertThat(connector.inventoryLevels(fixture.location, null, 50).levels()).hasSize(1);
    assertThat(connector.client().stats().throttled()).isEqualTo(1);
  }
}
