package io.stockbridge.connector.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.simulator.shopify.FaultKind;
import io.stockbridge.simulator.shopify.FaultSettings;
import io.stockbridge.simulator.shopify.SimulatedShop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InventoryPushTest {
  private static final String URI = "gid://stockbridge/SyncBatch/1";
  private final ShopifyFixture fixture = new ShopifyFixture();

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void inventory_set_applies_300_changes_in_two_calls_and_reports_each_applied() {
    List<SimulatedShop.SeededVariant> seeded = fixture.seed(300, 5);
    List<QuantityChange> changes = new ArrayList<>();
    for (int i = 0; i < seeded.size(); i++) {
      changes.add(
          new QuantityChange(seeded.get(i).inventoryItemId(), fixture.location, 100 + i, 5));
    }
    ShopifyConnector connector = fixture.connector();

    List<QuantityResult> results = connector.setQuantities("available", "correction", URI, changes);

    assertThat(results).hasSize(300).allMatch(r -> r.outcome() == QuantityResult.Outcome.APPLIED);
    assertThat(fixture.shop.available(seeded.get(299).inventoryItemId(), fixture.location))
        .isEqualTo(399);
    assertThat(fixture.simulator.counters().callsOf("inventorySetQuantities")).isEqualTo(2);
    assertThat(connector.client().stats().throttled()).isZero();
  }

  @Test
  void stale_change_from_quantity_is_reread_and_retried_with_the_fresh_value() {
    SimulatedShop.SeededVariant item = fixture.seedOne("STALE-1", 5);
    fixture.shop.setAvailable(item.inventoryItemId(), fixture.location, 8); // a sale we did not see

    List<QuantityResult> results =
        fixture
            .connector()
            .setQuantities(
                "available",
                "correction",
                URI,
                List.of(new QuantityChange(item.inventoryItemId(), fixture.location, 20, 5)));

    assertThat(results.get(0).outcome()).isEqualTo(QuantityResult.Outcome.APPLIED);
    assertThat(results.get(0).change().changeFromQuantity()).isEqualTo(8);
    assertThat(fixture.shop.available(item.inventoryItemId(), fixture.location)).isEqualTo(20);
  }

  @Test
  void user_errors_are_mapped_to_their_items_and_the_rest_of_the_batch_is_applied() {
    SimulatedShop.SeededVariant good = fixture.seedOne("GOOD-1", 1);
    SimulatedShop.SeededVariant tooHigh = fixture.seedOne("HIGH-1", 1);
    SimulatedShop.SeededVariant good2 = fixture.seedOne("GOOD-2", 1);
    List<QuantityChange> changes =
        List.of(
            new QuantityChange(good.inventoryItemId(), fixture.location, 7, null),
            new QuantityChange("gid://shopify/InventoryItem/999999", fixture.location, 3, null),
            new QuantityChange(tooHigh.inventoryItemId(), fixture.location, 2_000_000_000, null),
            new QuantityChange(good2.inventoryItemId(), fixture.location, 9, 1));

    List<QuantityResult> results =
        fixture.connector().setQuantities("available", "correction", URI, changes);

    assertThat(results)
        .extracting(QuantityResult::outcome)
        .containsExactly(
            QuantityResult.Outcome.APPLIED,
            QuantityResult.Outcome.REJECTED,
            QuantityResult.Outcome.REJECTED,
            QuantityResult.Outcome.APPLIED);
    assertThat(results.get(1).code()).isEqualTo("INVALID_INVENTORY_ITEM");
    assertThat(results.get(2).code()).isEqualTo("INVALID_QUANTITY_TOO_HIGH");
    assertThat(fixture.shop.available(good.inventoryItemId(), fixture.location)).isEqualTo(7);
    assertThat(fixture.shop.available(good2.inventoryItemId(), fixture.location)).isEqualTo(9);
  }

  @Test
  void idempotent_retry_after_a_lost_response_applies_the_change_once() {
    SimulatedShop.SeededVariant item = fixture.seedOne("LOST-1", 5);
    fixture.simulator.faults().set(new FaultSettings(0, 0, 0, 0, 1500, 0, 0, 0, 0, 0));
    fixture.simulator.faults().failNext(FaultKind.DROP_RESPONSE_AFTER_APPLY, 1);
    ShopifyConnector connector =
        fixture.connector(
            fixture.settings().withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(400)));

    List<QuantityResult> results =
        connector.setQuantities(
            "available",
            "correction",
            URI,
            List.of(new QuantityChange(item.inventoryItemId(), fixture.location, 6, 5)));

    // The retry carries the same idempotency key: Shopify answers with the first result instead of
    // running again (which would have failed the compare-and-swap: 6 is no longer 5).
    assertThat(results.get(0).outcome()).isEqualTo(QuantityResult.Outcome.APPLIED);
    assertThat(connector.client().stats().retries())
        .as("%s %s", connector.client().stats().snapshot(), fixture.simulator.counters().snapshot())
        .isEqualTo(1);
    assertThat(fixture.simulator.counters().callsOf("inventorySetQuantities")).isEqualTo(2);
    assertThat(fixture.shop.adjustmentGroupsCreated()).isEqualTo(1);
    assertThat(fixture.shop.available(item.inventoryItemId(), fixture.location)).isEqualTo(6);
  }
}
