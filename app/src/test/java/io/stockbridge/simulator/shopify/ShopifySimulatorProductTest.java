package io.stockbridge.simulator.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShopifySimulatorProductTest {
  private static final String PRODUCT =
      "query P($id: ID!) { product(id: $id) { id descriptionHtml"
          + " variants(first: 5) { nodes { sku barcode } } } }";
  private static final String DELETE =
      "mutation D($input: ProductDeleteInput!) { productDelete(input: $input) {"
          + " deletedProductId userErrors { field message } } }";

  private ShopifySimulator simulator;
  private RawClient client;

  @BeforeEach
  void start() {
    simulator = ShopifySimulator.start(ShopifySimulatorOptions.defaults());
    client = new RawClient(simulator);
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  @Test
  void product_set_keeps_the_description_and_the_variant_barcode() throws Exception {
    Map<String, Object> input =
        Map.of(
            "title",
            "Mug",
            "descriptionHtml",
            "<p>A mug</p>",
            "productOptions",
            List.of(Map.of("name", "Title", "values", List.of(Map.of("name", "Default Title")))),
            "variants",
            List.of(
                Map.of(
                    "sku",
                    "MUG-1",
                    "barcode",
                    "5000000000017",
                    "optionValues",
                    List.of(Map.of("optionName", "Title", "name", "Default Title")))));
    JsonNode created =
        client
            .graphql(
                "mutation S($input: ProductSetInput!) { productSet(input: $input) {"
                    + " product { id } userErrors { message } } }",
                Map.of("input", input))
            .body();
    String id = created.path("data").path("productSet").path("product").path("id").asText();

    JsonNode product =
        client.graphql(PRODUCT, Map.of("id", id)).body().path("data").path("product");
    assertThat(product.path("descriptionHtml").asText()).isEqualTo("<p>A mug</p>");
    assertThat(product.path("variants").path("nodes").path(0).path("barcode").asText())
        .isEqualTo("5000000000017");
  }

  @Test
  void product_delete_removes_the_product_and_its_inventory_and_reports_unknown_ids()
      throws Exception {
    String location = simulator.shop().addLocation("Main");
    String product =
        simulator
            .shop()
            .addProduct("Mug", List.of("MUG-1"), Map.of(location, 3))
            .get(0)
            .productId();

    JsonNode deleted =
        client.graphql(DELETE, Map.of("input", Map.of("id", product))).body().path("data");
    JsonNode again =
        client.graphql(DELETE, Map.of("input", Map.of("id", product))).body().path("data");

    assertThat(deleted.path("productDelete").path("deletedProductId").asText()).isEqualTo(product);
    assertThat(deleted.path("productDelete").path("userErrors")).isEmpty();
    assertThat(simulator.shop().inventoryItemOfSku("MUG-1")).isNull();
    assertThat(
            client
                .graphql(PRODUCT, Map.of("id", product))
                .body()
                .path("data")
                .path("product")
                .isNull())
        .isTrue();
    assertThat(again.path("productDelete").path("deletedProductId").isNull()).isTrue();
    assertThat(again.path("productDelete").path("userErrors").path(0).path("message").asText())
        .isEqualTo("Product does not exist");
  }
}
