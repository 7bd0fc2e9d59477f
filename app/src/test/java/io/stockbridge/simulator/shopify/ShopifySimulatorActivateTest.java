package io.stockbridge.simulator.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code inventoryActivate}: stocks an item at a location, with its initial quantity. */
class ShopifySimulatorActivateTest {
  private static final String ACTIVATE =
      "mutation($item: ID!, $location: ID!, $available: Int, $key: String!) {"
          + " inventoryActivate(inventoryItemId: $item, locationId: $location,"
          + " available: $available) @idempotent(key: $key) {"
          + " inventoryLevel { id quantities(names: [\"available\", \"on_hand\"]) { name quantity } }"
          + " userErrors { field message } } }";
  private static final String SET =
      "mutation($input: InventorySetQuantitiesInput!, $key: String!) {"
          + " inventorySetQuantities(input: $input) @idempotent(key: $key) {"
          + " userErrors { field code message } } }";

  private ShopifySimulator simulator;
  private RawClient client;
  private String main;
  private String outlet;
  private String item;

  @BeforeEach
  void start() {
    simulator = ShopifySimulator.start(ShopifySimulatorOptions.defaults());
    client = new RawClient(simulator);
    main = simulator.shop().addLocation("Main");
    outlet = simulator.shop().addLocation("Outlet");
    item =
        simulator.shop().addProduct("P", List.of("P-1"), Map.of(main, 5)).get(0).inventoryItemId();
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  private RawClient.Answer activate(String itemId, String location, Integer available, String key)
      throws Exception {
    Map<String, Object> variables = new HashMap<>();
    variables.put("item", itemId);
    variables.put("location", location);
    variables.put("available", available);
    variables.put("key", key);
    return client.graphql(ACTIVATE, variables);
  }

  private static JsonNode payload(RawClient.Answer answer) {
    return answer.body().path("data").path("inventoryActivate");
  }

  private static int quantity(JsonNode payload, String name) {
    for (JsonNode q : payload.path("inventoryLevel").path("quantities")) {
      if (q.path("name").asText().equals(name)) {
        return q.path("quantity").asInt();
      }
    }
    throw new AssertionError("no " + name + " in " + payload);
  }

  @Test
  void setting_a_level_where_the_item_is_not_stocked_is_refused_until_it_is_activated()
      throws Exception {
    Map<String, Object> q = new HashMap<>();
    q.put("inventoryItemId", item);
    q.put("locationId", outlet);
    q.put("quantity", 7);
    q.put("changeFromQuantity", null);
    Map<String, Object> input =
        Map.of("name", "available", "reason", "correction", "quantities", List.of(q));
    RawClient.Answer refused = client.graphql(SET, Map.of("input", input, "key", "set-1"));
    assertThat(
            refused
                .body()
                .path("data")
                .path("inventorySetQuantities")
                .path("userErrors")
                .path(0)
                .path("code")
                .asText())
        .isEqualTo("INVALID_LOCATION");

    RawClient.Answer activated = activate(item, outlet, 7, "act-1");

    assertThat(payload(activated).path("userErrors")).isEmpty();
    assertThat(quantity(payload(activated), "available")).isEqualTo(7);
    assertThat(quantity(payload(activated), "on_hand")).isEqualTo(7);
    assertThat(simulator.shop().available(item, outlet)).isEqualTo(7);
    assertThat(simulator.shop().available(item, main)).isEqualTo(5);
    // A mutation: 10 points.
    assertThat(activated.cost().path("requestedQueryCost").asInt()).isEqualTo(10);
    // Now stocked: inventorySetQuantities works there.
    RawClient.Answer set = client.graphql(SET, Map.of("input", input, "key", "set-2"));
    assertThat(set.body().path("data").path("inventorySetQuantities").path("userErrors")).isEmpty();
  }

  @Test
  void without_available_the_level_starts_at_zero() throws Exception {
    RawClient.Answer activated = activate(item, outlet, null, "act-zero");
    assertThat(payload(activated).path("userErrors")).isEmpty();
    assertThat(simulator.shop().available(item, outlet)).isZero();
  }

  @Test
  void activating_where_already_stocked_changes_nothing() throws Exception {
    RawClient.Answer again = activate(item, main, 9, "act-again");
    assertThat(payload(again).path("userErrors")).isEmpty();
    assertThat(quantity(payload(again), "available")).isEqualTo(5);
    assertThat(simulator.shop().available(item, main)).isEqualTo(5);
  }

  @Test
  void unknown_item_and_location_are_user_errors_without_code() throws Exception {
    RawClient.Answer unknownItem = activate("gid://shopify/InventoryItem/999999", outlet, 1, "u1");
    assertThat(payload(unknownItem).path("inventoryLevel").isNull()).isTrue();
    assertThat(payload(unknownItem).path("userErrors").path(0).path("field").path(0).asText())
        .isEqualTo("inventoryItemId");
    assertThat(payload(unknownItem).path("userErrors").path(0).has("code")).isFalse();

    RawClient.Answer unknownLocation = activate(item, "gid://shopify/Location/999999", 1, "u2");
    assertThat(payload(unknownLocation).path("userErrors").path(0).path("field").path(0).asText())
        .isEqualTo("locationId");
    assertThat(simulator.shop().available(item, outlet)).isNull();
  }

  @Test
  void the_idempotent_directive_is_required_and_a_key_replays_its_first_answer() throws Exception {
    RawClient.Answer bare =
        client.graphql(
            "mutation($item: ID!, $location: ID!) { inventoryActivate(inventoryItemId: $item,"
                + " locationId: $location, available: 3) { userErrors { message } } }",
            Map.of("item", item, "location", outlet));
    assertThat(bare.body().path("errors").path(0).path("message").asText()).contains("@idempotent");
    assertThat(simulator.shop().available(item, outlet)).isNull();

    RawClient.Answer first = activate(item, outlet, 3, "same-key");
    simulator.shop().setAvailable(item, outlet, 8);
    RawClient.Answer replay = activate(item, outlet, 3, "same-key");
    assertThat(replay.body().path("data")).isEqualTo(first.body().path("data"));
    assertThat(simulator.shop().available(item, outlet)).isEqualTo(8);
    RawClient.Answer mismatch = activate(item, outlet, 4, "same-key");
    assertThat(payload(mismatch).path("userErrors").path(0).path("message").asText())
        .contains("idempotency key");
  }

  @Test
  void asking_for_a_user_error_code_is_a_schema_error() throws Exception {
    RawClient.Answer answer =
        client.graphql(
            "mutation($item: ID!, $location: ID!) { inventoryActivate(inventoryItemId: $item,"
                + " locationId: $location) @idempotent(key: \"k\") { userErrors { code } } }",
            Map.of("item", item, "location", outlet));
    assertThat(answer.body().path("errors")).isNotEmpty();
    assertThat(simulator.shop().available(item, outlet)).isNull();
  }
}
