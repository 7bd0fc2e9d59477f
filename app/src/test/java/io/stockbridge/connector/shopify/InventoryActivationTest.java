package io.stockbridge.connector.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.simulator.shopify.FaultKind;
import io.stockbridge.simulator.shopify.FaultSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InventoryActivationTest {
  private final ShopifyFixture fixture = new ShopifyFixture();

  @AfterEach
  void stop() {
    fixture.close();
  }

  private String unstockedItem() {
    return fixture
        .shop
        .addProduct("Adopted", List.of("ADOPTED-1"), Map.of())
        .get(0)
        .inventoryItemId();
  }

  @Test
  void stocks_the_item_at_the_location_with_its_available_quantity_through_the_budget() {
    String item = unstockedItem();
    ShopifyConnector connector = fixture.connector();

    InventoryActivation activation = connector.activateInventory(item, fixture.location, 12);

    assertThat(activation.activated()).isTrue();
    assertThat(activation.available()).isEqualTo(12);
    assertThat(fixture.shop.available(item, fixture.location)).isEqualTo(12);
    assertThat(fixture.simulator.counters().callsOf("inventoryActivate")).isEqualTo(1);
    assertThat(connector.client().stats().calls()).isEqualTo(1);
    assertThat(connector.client().stats().costSpent()).isEqualTo(10);
  }

  @Test
  void an_item_already_stocked_keeps_its_quantity() {
    String item = fixture.seedOne("STOCKED-1", 4).inventoryItemId();

    InventoryActivation activation =
        fixture.connector().activateInventory(item, fixture.location, 9);

    assertThat(activation.userErrors()).isEmpty();
    assertThat(activation.available()).isEqualTo(4);
    assertThat(fixture.shop.available(item, fixture.location)).isEqualTo(4);
  }

  @Test
  void unknown_item_or_location_come_back_as_user_errors() {
    ShopifyConnector connector = fixture.connector();

    InventoryActivation unknownItem =
        connector.activateInventory("gid://shopify/InventoryItem/999999", fixture.location, 1);
    InventoryActivation unknownLocation =
        connector.activateInventory(unstockedItem(), "gid://shopify/Location/999999", 1);

    assertThat(unknownItem.activated()).isFalse();
    assertThat(unknownItem.userErrors())
        .extracting(UserError::field)
        .containsExactly(List.of("inventoryItemId"));
    assertThat(unknownLocation.activated()).isFalse();
    assertThat(unknownLocation.userErrors())
        .extracting(UserError::field)
        .containsExactly(List.of("locationId"));
  }

  @Test
  void a_retry_after_a_lost_response_reuses_the_idempotency_key() {
    String item = unstockedItem();
    fixture.simulator.faults().set(new FaultSettings(0, 0, 0, 0, 1500, 0, 0, 0, 0, 0));
    fixture.simulator.faults().failNext(FaultKind.DROP_RESPONSE_AFTER_APPLY, 1);
    ShopifyConnector connector =
        fixture.connector(
            fixture.settings().withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(400)));

    InventoryActivation activation = connector.activateInventory(item, fixture.location, 6);

    assertThat(activation.activated()).isTrue();
    assertThat(activation.available()).isEqualTo(6);
    assertThat(connector.client().stats().retries()).isEqualTo(1);
    assertThat(fixture.shop.available(item, fixture.location)).isEqualTo(6);
  }
}
