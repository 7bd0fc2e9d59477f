package io.stockbridge.simulator.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShopifySimulatorInventoryTest {
  private static final String SET =
      "mutation($input: InventorySetQuantitiesInput!, $key: String!) {"
          + " inventorySetQuantities(input: $input) @idempotent(key: $key) {"
          + " inventoryAdjustmentGroup { id changes { delta quantityAfterChange } }"
          + " userErrors { field code message } } }";
  private ShopifySimulator simulator;
  private RawClient client;
  private String location;
  private String item;

  @BeforeEach
  void start() {
    simulator = ShopifySimulator.start(ShopifySimulatorOptions.defaults());
    client = new RawClient(simulator);
    location = simulator.shop().addLocation("Main");
    item =
        simulator
            .shop()
            .addProduct("P", List.of("P-1"), Map.of(location, 5))
            .get(0)
            .inventoryItemId();
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  private Map<String, Object> input(Integer changeFrom, int quantity) {
    Map<String, Object> q = new HashMap<>();
    q.put("inventoryItemId", item);
    q.put("locationId", location);
    q.put("quantity", quantity);
    q.put("changeFromQuantity", changeFrom);
    return Map.of(
        "name",
        "available",
        "reason",
        "correction",
        "referenceDocumentUri",
        "gid://stockbridge/SyncBatch/9",
        "quantities",
        List.of(q));
  }

  @Test
  void inventory_mutation_without_idempotent_directive_is_refused() throws Exception {
    RawClient.Answer answer =
        client.graphql(
            "mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { userErrors { code } } }",
            Map.of("input", input(5, 6)));
    assertThat(answer.body().path("errors").path(0).path("message").asText())
        .contains("@idempotent");
    assertThat(simulator.shop().available(item, location)).isEqualTo(5);
  }

  @Test
  void missing_change_from_quantity_is_refused_and_explicit_null_skips_the_check()
      throws Exception {
    Map<String, Object> q = Map.of("inventoryItemId", item, "locationId", location, "quantity", 9);
    RawClient.Answer missing =
        client.graphql(
            SET,
            Map.of(
                "key",
                "k-missing",
                "input",
                Map.of("name", "available", "reason", "correction", "quantities", List.of(q))));
    assertThat(missing.body().path("errors").path(0).path("message").asText())
        .contains("changeFromQuantity");
    assertThat(simulator.shop().available(item, location)).isEqualTo(5);

    RawClient.Answer skip = client.graphql(SET, Map.of("key", "k-null", "input", input(null, 9)));
    assertThat(skip.body().path("data").path("inventorySetQuantities").path("userErrors"))
        .isEmpty();
    assertThat(simulator.shop().available(item, location)).isEqualTo(9);
  }

  @Test
  void stale_change_from_quantity_is_a_user_error_on_that_quantity() throws Exception {
    RawClient.Answer answer = client.graphql(SET, Map.of("key", "k-stale", "input", input(4, 9)));
    var error =
        answer.body().path("data").path("inventorySetQuantities").path("userErrors").path(0);
    assertThat(error.path("code").asText()).isEqualTo("CHANGE_FROM_QUANTITY_STALE");
    assertThat(error.path("field").toString())
        .isEqualTo("[\"input\",\"quantities\",\"0\",\"changeFromQuantity\"]");
  }

  @Test
  void same_idempotency_key_returns_the_original_result_and_other_input_is_a_mismatch()
      throws Exception {
    RawClient.Answer first = client.graphql(SET, Map.of("key", "k-1", "input", input(5, 6)));
    RawClient.Answer again = client.graphql(SET, Map.of("key", "k-1", "input", input(5, 6)));
    RawClient.Answer other = client.graphql(SET, Map.of("key", "k-1", "input", input(6, 7)));

    assertThat(again.body().path("data")).isEqualTo(first.body().path("data"));
    assertThat(
            first
                .body()
                .path("data")
                .path("inventorySetQuantities")
                .path("inventoryAdjustmentGroup")
                .path("changes")
                .path(0)
                .path("delta")
                .asInt())
        .isEqualTo(1);
    assertThat(
            other
                .body()
                .path("data")
                .path("inventorySetQuantities")
                .path("userErrors")
                .path(0)
                .path("code")
                .asText())
        .isEqualTo("IDEMPOTENCY_KEY_PARAMETER_MISMATCH");
    assertThat(simulator.shop().available(item, location)).isEqualTo(6);
    assertThat(simulator.shop().adjustmentGroupsCreated()).isEqualTo(1);
  }

  @Test
  void quantity_over_one_billion_is_invalid_quantity_too_high() throws Exception {
    RawClient.Answer answer =
        client.graphql(SET, Map.of("key", "k-high", "input", input(null, 1_000_000_001)));
    assertThat(
            answer
                .body()
                .path("data")
                .path("inventorySetQuantities")
                .path("userErrors")
                .path(0)
                .path("code")
                .asText())
        .isEqualTo("INVALID_QUANTITY_TOO_HIGH");
  }

  @Test
  void each_shop_has_its_own_catalog_under_its_path_prefix() throws Exception {
    simulator.addShop("second");
    simulator.shop("second").addLocation("Other");
    RawClient second =
        new RawClient(
            simulator.shopBaseUrl("second") + "/admin/api/2026-10/graphql.json",
            ShopifySimulatorOptions.DEFAULT_ACCESS_TOKEN);

    RawClient.Answer answer = second.graphql("{ locations(first: 5) { nodes { name } } }");
    assertThat(
            answer
                .body()
                .path("data")
                .path("locations")
                .path("nodes")
                .path(0)
                .path("name")
                .asText())
        .isEqualTo("Other");
    assertThat(answer.body().path("data").path("locations").path("nodes")).hasSize(1);
  }
}
