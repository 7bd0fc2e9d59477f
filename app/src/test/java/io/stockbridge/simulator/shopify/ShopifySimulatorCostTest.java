package io.stockbridge.simulator.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShopifySimulatorCostTest {
  private ShopifySimulator simulator;
  private RawClient client;
  private String location;

  @BeforeEach
  void start() {
    simulator = ShopifySimulator.start(ShopifySimulatorOptions.defaults());
    client = new RawClient(simulator);
    location = simulator.shop().addLocation("Main warehouse");
    simulator.shop().generate(30, "SKU-", location, 5);
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  @Test
  void connection_costs_two_plus_first_times_node_cost_and_refunds_unreturned_nodes()
      throws Exception {
    RawClient.Answer answer =
        client.graphql(
            "{ productVariants(first: 100, query: \"sku:SKU-1 OR sku:SKU-2\") {"
                + " nodes { id sku product { id } inventoryItem { id } } } }");
    assertThat(answer.body().path("data").path("productVariants").path("nodes")).hasSize(2);
    // 2 + 100 x (variant 1 + product 1 + inventoryItem 1)
    assertThat(answer.cost().path("requestedQueryCost").asInt()).isEqualTo(302);
    assertThat(answer.cost().path("actualQueryCost").asInt()).isEqualTo(2 + 2 * 3);
    assertThat(answer.cost().path("throttleStatus").path("maximumAvailable").asDouble())
        .isEqualTo(2000);
    assertThat(answer.cost().path("throttleStatus").path("restoreRate").asDouble()).isEqualTo(100);
    assertThat(answer.cost().path("throttleStatus").path("currentlyAvailable").asInt())
        .isBetween(2000 - 8, 2000);
  }

  @Test
  void query_over_one_thousand_requested_points_is_refused_before_running() throws Exception {
    RawClient.Answer answer =
        client.graphql(
            "{ productVariants(first: 250) { nodes { product { id } inventoryItem {"
                + " inventoryLevels(first: 5) { nodes { id } } } } } }");
    assertThat(answer.errorCode()).as(answer.body().toString()).isEqualTo("MAX_COST_EXCEEDED");
    assertThat(answer.body().has("data")).isFalse();
    assertThat(answer.cost().path("requestedQueryCost").asInt())
        .isEqualTo(2 + 250 * (1 + 1 + 1 + 2 + 5));
  }

  @Test
  void mutation_costs_ten_and_product_set_adds_per_variant_and_metafield() throws Exception {
    RawClient.Answer tags =
        client.graphql(
            "mutation($id: ID!) { tagsAdd(id: $id, tags: [\"sale\"]) { userErrors { message } } }",
            Map.of(
                "id",
                simulator
                    .shop()
                    .addProduct("Tagged", List.of("T-1"), Map.of())
                    .get(0)
                    .productId()));
    assertThat(tags.cost().path("requestedQueryCost").asInt()).isEqualTo(10);
    List<Map<String, Object>> variants =
        java.util.stream.IntStream.range(0, 10)
            .mapToObj(
                i ->
                    Map.<String, Object>of(
                        "sku",
                        "PS-" + i,
                        "optionValues",
                        List.of(Map.of("optionName", "Size", "name", "S" + i))))
            .toList();
    RawClient.Answer set =
        client.graphql(
            "mutation($input: ProductSetInput!) { productSet(input: $input) { product { id } userErrors { message } } }",
            Map.of(
                "input",
                Map.of(
                    "title",
                    "Shirt",
                    "productOptions",
                    List.of(Map.of("name", "Size", "values", List.of(Map.of("name", "S0")))),
                    "variants",
                    variants,
                    "metafields",
                    List.of(
                        Map.of(
                            "namespace",
                            "custom",
                            "key",
                            "a",
                            "type",
                            "single_line_text_field",
                            "value",
                            "x")))));
    // 10 + 0.2 x 10 variants + 0.4 x 1 metafield = 12.4, rounded up
    assertThat(set.cost().path("requestedQueryCost").asInt()).isEqualTo(13);
    assertThat(set.body().path("data").path("productSet").path("userErrors")).isEmpty();
  }

  @Test
  void drained_bucket_answers_throttled_with_shopify_shape_and_restores_over_time()
      throws Exception {
    simulator.shop().drainBucket(0);
    RawClient.Answer answer = client.graphql("{ locations(first: 250) { nodes { id name } } }");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().has("data")).isFalse();
    assertThat(answer.body().path("errors").path(0).path("message").asText())
        .isEqualTo("Throttled");
    assertThat(answer.errorCode()).isEqualTo("THROTTLED");
    assertThat(answer.cost().path("actualQueryCost").isNull()).isTrue();
    assertThat(answer.cost().path("requestedQueryCost").asInt()).isEqualTo(2 + 250);
    assertThat(simulator.counters().get("throttled")).isEqualTo(1);
    long deadline = System.nanoTime() + 5_000_000_000L;
    RawClient.Answer later;
    do {
      later = client.graphql("{ locations(first: 250) { nodes { id name } } }");
    } while ("THROTTLED".equals(later.errorCode()) && System.nanoTime() < deadline);
    assertThat(later.body().path("data").path("locations").path("nodes")).hasSize(1);
  }

  @Test
  void fragments_on_different_types_cost_the_most_expensive_possible_selection_not_the_sum()
      throws Exception {
    RawClient.Answer answer =
        client.graphql(
            "{ node(id: \"gid://shopify/Product/1\") {"
                + " ... on Product { featuredMedia { id } variants(first: 5) { nodes { id } } }"
                + " ... on ProductVariant { product { id } inventoryItem { id } } } }");
    // node 1 + max(Product: 1 + (2 + 5 x 1) = 8, ProductVariant: 2); the sum would be 11.
    assertThat(answer.cost().path("requestedQueryCost").asInt()).isEqualTo(9);
  }

  @Test
  void fields_of_the_connection_itself_are_counted_once_not_per_node() throws Exception {
    RawClient.Answer answer =
        client.graphql(
            "{ customerSegmentMembers(first: 10, query: \"number_of_orders > 0\") {"
                + " pageInfo { hasNextPage }"
                + " statistics { attributeStatistics(attributeName: \"amount_spent\") { sum } }"
                + " edges { node { id } } } }");
    // 2 (connection and its pageInfo) + 10 x 1 (node) + 2 once (statistics, attributeStatistics)
    assertThat(answer.cost().path("requestedQueryCost").asInt()).isEqualTo(14);
  }

  @Test
  void input_array_over_250_items_is_refused() throws Exception {
    List<String> tags = java.util.stream.IntStream.range(0, 251).mapToObj(i -> "t" + i).toList();
    RawClient.Answer answer =
        client.graphql(
            "mutation($tags: [String!]!) { tagsAdd(id: \"gid://shopify/Product/1\", tags: $tags) { userErrors { message } } }",
            Map.of("tags", tags));
    assertThat(answer.errorCode()).isEqualTo("MAX_INPUT_SIZE_EXCEEDED");
    assertThat(answer.body().has("data")).isFalse();
  }

  @Test
  void invalid_query_is_rejected_by_the_real_schema() throws Exception {
    RawClient.Answer answer = client.graphql("{ productVariants(first: 1) { nodes { skuu } } }");
    assertThat(answer.body().path("errors").path(0).path("message").asText()).contains("skuu");
    assertThat(answer.body().has("data")).isFalse();
    assertThat(answer.cost().has("throttleStatus")).isTrue();
  }

  @Test
  void pagination_stops_at_25000_objects_and_pages_over_250_are_refused() throws Exception {
    simulator.shop().generate(25_010, "MANY-", location, 1);
    String cursor = Connections.encode(24_999);
    RawClient.Answer beyond =
        client.graphql("{ productVariants(first: 5, after: \"" + cursor + "\") { nodes { id } } }");
    assertThat(beyond.body().path("errors").path(0).path("message").asText()).contains("25,000");

    RawClient.Answer tooBig = client.graphql("{ locations(first: 251) { nodes { id } } }");
    assertThat(tooBig.body().path("errors").path(0).path("message").asText()).contains("250");
  }

  @Test
  void wrong_access_token_is_answered_401() throws Exception {
    RawClient wrong =
        new RawClient(simulator.baseUrl() + "/admin/api/2026-10/graphql.json", "nope");
    assertThat(wrong.graphql("{ shop { id } }").status()).isEqualTo(401);
  }
}
