package io.stockbridge.connector.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BulkOperationsTest {
  private final ShopifyFixture fixture = new ShopifyFixture();

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void bulk_query_returns_one_jsonl_line_per_node_with_parent_ids_for_nested_nodes() {
    fixture.seed(1200, 2);
    ShopifyConnector connector = fixture.connector();

    BulkResult result =
        connector.runBulkQuery(
            "{ products { edges { node { id title variants { edges { node { id sku } } } } } } }",
            2400);

    assertThat(result.status()).isEqualTo("COMPLETED");
    assertThat(result.lines()).hasSize(2400);
    JsonNode product = result.lines().get(0);
    JsonNode variant = result.lines().get(1);
    assertThat(variant.path("__parentId").asText()).isEqualTo(product.path("id").asText());
    assertThat(variant.path("sku").asText()).isEqualTo("SKU-1");
  }

  @Test
  void bulk_inventory_levels_read_a_whole_location_for_reconciliation() {
    fixture.seed(600, 3);
    fixture.shop.setAvailable(fixture.shop.inventoryItemOfSku("SKU-5"), fixture.location, 9);

    List<InventoryLevel> levels =
        fixture.connector().bulkInventoryLevels(fixture.location, 600, BulkProgress.Listener.NONE);

    assertThat(levels).hasSize(600);
    assertThat(levels)
        .filteredOn(l -> "SKU-5".equals(l.sku()))
        .singleElement()
        .satisfies(l -> assertThat(l.available()).isEqualTo(9));
  }

  @Test
  void bulk_mutation_runs_product_set_once_per_staged_line() {
    ShopifyConnector connector = fixture.connector();
    List<Map<String, Object>> lines = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      lines.add(
          Map.of(
              "input",
              Map.of(
                  "title",
                  "Bulk " + i,
                  "handle",
                  "bulk-" + i,
                  "variants",
                  List.of(
                      Map.of(
                          "sku",
                          "BULK-" + i,
                          "optionValues",
                          List.of(Map.of("optionName", "Title", "name", "Default")))))));
    }
    String mutation =
        "mutation call($input: ProductSetInput!) { productSet(input: $input) { product { id } userErrors { message } } }";

    BulkResult result = connector.runBulkMutation(mutation, lines);

    assertThat(result.status()).isEqualTo("COMPLETED");
    assertThat(result.lines()).hasSize(300);
    assertThat(result.lines().get(299).path("__lineNumber").asInt()).isEqualTo(299);
    assertThat(
            result
                .lines()
                .get(0)
                .path("data")
                .path("productSet")
                .path("product")
                .path("id")
                .asText())
        .startsWith("gid://shopify/Product/");
    assertThat(connector.findInventoryItemsBySku(List.of("BULK-0", "BULK-299"))).hasSize(2);
    assertThat(fixture.simulator.counters().get("cost_spent")).isLessThan(300 * 10);
  }
}
