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

class ShopifySimulatorControlTest {
  private final HttpClient http = HttpClient.newHttpClient();
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

  private JsonNode control(String method, String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    return RawClient.JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
  }

  @Test
  void control_api_seeds_a_new_shop_and_reads_its_stock() throws Exception {
    control("POST", "/_control/shops/other", null);
    String location =
        control("POST", "/_control/shops/other/locations", "{\"name\":\"Depot\"}")
            .path("id")
            .asText();
    JsonNode seeded =
        control(
            "POST",
            "/_control/shops/other/products",
            "{\"title\":\"Mug\",\"skus\":[\"MUG-1\",\"MUG-2\"],\"available\":{\""
                + location
                + "\":12}}");

    assertThat(seeded).hasSize(2);
    assertThat(
            control("GET", "/_control/shops/other/stock?sku=MUG-2&location=" + location, null)
                .path("available")
                .asInt())
        .isEqualTo(12);
  }

  @Test
  void forced_throttling_and_server_errors_are_counted_and_counters_reset() throws Exception {
    control("POST", "/_control/faults/next", "{\"kind\":\"THROTTLE\",\"count\":1}");
    assertThat(client.graphql("{ locations(first: 1) { nodes { id } } }").errorCode())
        .isEqualTo("THROTTLED");
    control(
        "PUT",
        "/_control/faults",
        RawClient.JSON.writeValueAsString(new FaultSettings(1.0, 0, 0, 0, 1000, 0, 0, 0, 0, 0)));
    assertThat(client.graphql("{ locations(first: 1) { nodes { id } } }").status()).isEqualTo(503);
    control("DELETE", "/_control/faults", null);
    assertThat(client.graphql("{ locations(first: 1) { nodes { id } } }").status()).isEqualTo(200);

    JsonNode counters = control("GET", "/_control/counters", null);
    assertThat(counters.path("throttled").asInt()).isEqualTo(1);
    assertThat(counters.path("server_errors").asInt()).isEqualTo(1);
    assertThat(counters.path("operations").path("locations").asInt()).isEqualTo(2);
    control("POST", "/_control/counters/reset", null);
    assertThat(control("GET", "/_control/counters", null).path("throttled").asInt()).isZero();
  }

  @Test
  void injected_latency_delays_every_answer_within_the_configured_range() throws Exception {
    simulator.faults().set(new FaultSettings(0, 200, 300, 0, 1000, 0, 0, 0, 0, 0));
    long started = System.nanoTime();
    assertThat(client.graphql("{ locations(first: 1) { nodes { id } } }").status()).isEqualTo(200);
    assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(200);
  }

  @Test
  void drained_bucket_over_the_control_api_throttles_the_next_query() throws Exception {
    JsonNode status =
        control("POST", "/_control/shops/stockbridge-dev/bucket/drain", "{\"leave\":0}");
    assertThat(status.path("currentlyAvailable").asDouble()).isLessThan(5);
    assertThat(client.graphql("{ locations(first: 100) { nodes { id } } }").errorCode())
        .isEqualTo("THROTTLED");
  }

  @Test
  void plus_plan_has_a_bucket_of_twenty_thousand_restored_at_one_thousand_a_second()
      throws Exception {
    control("PUT", "/_control/shops/stockbridge-dev/plan", "{\"plan\":\"PLUS\"}");
    JsonNode throttle =
        client.graphql("{ locations(first: 1) { nodes { id } } }").cost().path("throttleStatus");
    assertThat(throttle.path("restoreRate").asDouble()).isEqualTo(1000);
    assertThat(throttle.path("maximumAvailable").asDouble()).isEqualTo(20000);
  }

  @Test
  void bulk_operations_are_free_of_cost_limits_and_at_most_five_run_at_once() throws Exception {
    String location = simulator.shop().addLocation("Main");
    simulator.shop().generate(30, "S-", location, 1);
    simulator.shop().holdBulkOperations(true);
    String run =
        "mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id status } userErrors { code message } } }";
    Map<String, Object> query =
        Map.of("q", "{ productVariants { edges { node { id sku inventoryItem { id } } } } }");
    int started = 0;
    String refused = null;
    for (int i = 0; i < 8 && refused == null; i++) {
      RawClient.Answer answer = client.graphql(run, query);
      assertThat(answer.cost().path("requestedQueryCost").asInt()).isEqualTo(10);
      JsonNode errors = answer.body().path("data").path("bulkOperationRunQuery").path("userErrors");
      if (errors.isEmpty()) {
        started++;
      } else {
        refused = errors.path(0).path("code").asText();
      }
    }
    simulator.shop().holdBulkOperations(false);
    assertThat(refused).isEqualTo("LIMIT_REACHED");
    assertThat(started).isEqualTo(BulkOperations.MAX_RUNNING);
  }
}
