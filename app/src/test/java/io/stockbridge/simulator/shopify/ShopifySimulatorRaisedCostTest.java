package io.stockbridge.simulator.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The test mode where Shopify's costs are above the documented ones (and so above estimates). */
class ShopifySimulatorRaisedCostTest {
  private static final String LOOKUP =
      "{ productVariants(first: 100, query: \"sku:SKU-1 OR sku:SKU-2\") {"
          + " pageInfo { hasNextPage endCursor } nodes { id sku product { id } inventoryItem { id }"
          + " } } }";

  private final HttpClient http = HttpClient.newHttpClient();
  private ShopifySimulator simulator;
  private RawClient client;
  private String location;

  @BeforeEach
  void start() {
    simulator = ShopifySimulator.start(ShopifySimulatorOptions.defaults());
    client = new RawClient(simulator);
    location = simulator.shop().addLocation("Main");
    simulator.shop().generate(30, "SKU-", location, 5);
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  private HttpResponse<String> control(String method, String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void raised_costs_set_over_the_control_api_raise_requested_and_actual_cost_until_cleared()
      throws Exception {
    assertThat(
            control("PUT", "/_control/costs", "{\"multiplier\":1.5,\"surcharge\":5}").statusCode())
        .isEqualTo(200);
    assertThat(
            RawClient.JSON
                .readTree(control("GET", "/_control/costs", null).body())
                .path("multiplier")
                .asDouble())
        .isEqualTo(1.5);

    RawClient.Answer raised = client.graphql(LOOKUP);
    assertThat(raised.body().path("data").path("productVariants").path("nodes")).hasSize(2);
    // documented 2 + 100 x 3 = 302 requested, 2 + 2 x 3 = 8 actual; then x 1.5 + 5
    assertThat(raised.cost().path("requestedQueryCost").asInt()).isEqualTo(453 + 5);
    assertThat(raised.cost().path("actualQueryCost").asInt()).isEqualTo(12 + 5);
    assertThat(simulator.counters().get("cost_spent")).isEqualTo(17);

    control("DELETE", "/_control/faults", null);
    assertThat(client.graphql(LOOKUP).cost().path("requestedQueryCost").asInt()).isEqualTo(302);
  }

  @Test
  void raised_requested_cost_over_one_thousand_is_refused_with_max_cost_exceeded_and_no_data()
      throws Exception {
    String levels =
        "query($id: ID!) { location(id: $id) { inventoryLevels(first: 250) {"
            + " pageInfo { hasNextPage endCursor } nodes { item { id sku }"
            + " quantities(names: [\"available\"]) { name quantity } } } } }";
    assertThat(client.graphql(levels, Map.of("id", location)).cost().path("requestedQueryCost"))
        .hasToString("753");
    simulator.faults().setCosts(new CostSettings(1.5, 0));
    double before = simulator.shop().bucket.status().currentlyAvailable();

    RawClient.Answer refused = client.graphql(levels, Map.of("id", location));

    assertThat(refused.errorCode()).isEqualTo("MAX_COST_EXCEEDED");
    assertThat(refused.body().has("data")).isFalse();
    assertThat(refused.cost().path("requestedQueryCost").asInt()).isEqualTo(1130);
    assertThat(simulator.counters().get("max_cost_exceeded")).isEqualTo(1);
    assertThat(simulator.shop().bucket.status().currentlyAvailable())
        .isGreaterThanOrEqualTo(before);
  }

  @Test
  void throttled_answer_under_raised_costs_reports_the_raised_requested_cost_and_the_bucket()
      throws Exception {
    simulator.faults().setCosts(new CostSettings(2, 10));
    simulator.shop().drainBucket(300);

    RawClient.Answer throttled = client.graphql(LOOKUP);

    assertThat(throttled.errorCode()).isEqualTo("THROTTLED");
    assertThat(throttled.body().has("data")).isFalse();
    JsonNode cost = throttled.cost();
    assertThat(cost.path("requestedQueryCost").asInt()).isEqualTo(2 * 302 + 10);
    assertThat(cost.path("actualQueryCost").isNull()).isTrue();
    // Drained to 300, the bucket refills at 100 points a second of wall time until the request
    // is answered (a busy machine takes longer than 0.2 s): what the answer must show is a bucket
    // below the request's cost.
    assertThat(cost.path("throttleStatus").path("currentlyAvailable").asInt())
        .isBetween(300, 2 * 302 + 10 - 1);
    assertThat(cost.path("throttleStatus").path("maximumAvailable").asDouble()).isEqualTo(2000);
    assertThat(cost.path("throttleStatus").path("restoreRate").asDouble()).isEqualTo(100);
  }

  @Test
  void cost_settings_that_would_lower_costs_are_refused_with_a_reason() throws Exception {
    HttpResponse<String> answer =
        control("PUT", "/_control/costs", "{\"multiplier\":0.5,\"surcharge\":0}");

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("multiplier");
    assertThat(simulator.faults().costs()).isEqualTo(CostSettings.DOCUMENTED);
  }
}
