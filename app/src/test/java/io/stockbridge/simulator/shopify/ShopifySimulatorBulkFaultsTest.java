package io.stockbridge.simulator.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockbridge.testhelper.Eventually;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator's bulk fault modes, set over its control API: starts refused with a user error and
 * no operation, starts answered with neither, runs that end FAILED with an error code, slow runs
 * that can be listed and canceled, and a per-shop cap on running operations.
 */
class ShopifySimulatorBulkFaultsTest {
  private static final String RUN =
      "mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id status } userErrors { code message } } }";
  private static final Map<String, Object> QUERY =
      Map.of("q", "{ productVariants { edges { node { id sku } } } }");
  private final HttpClient http = HttpClient.newHttpClient();
  private ShopifySimulator simulator;
  private RawClient client;

  @BeforeEach
  void start() {
    simulator = ShopifySimulator.start(ShopifySimulatorOptions.defaults());
    client = new RawClient(simulator);
    String location = simulator.shop().addLocation("Main");
    simulator.shop().generate(20, "S-", location, 1);
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  private JsonNode bulkFaults(String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(simulator.baseUrl() + "/_control/shops/stockbridge-dev/bulk"))
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return RawClient.JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
  }

  private JsonNode startQuery() throws Exception {
    return client.graphql(RUN, QUERY).body().path("data").path("bulkOperationRunQuery");
  }

  private JsonNode operation(String id) {
    try {
      return client
          .graphql(
              "query($id: ID!) { bulkOperation(id: $id) { id status errorCode objectCount url } }",
              Map.of("id", id))
          .body()
          .path("data")
          .path("bulkOperation");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void refused_and_silent_starts_answer_no_operation_then_starts_work_again() throws Exception {
    JsonNode set =
        bulkFaults(
            "{\"refuseStarts\":1,\"refuseCode\":\"OPERATION_IN_PROGRESS\",\"silentStarts\":1}");
    assertThat(set.path("refuseStarts").asInt()).isEqualTo(1);

    JsonNode refused = startQuery();
    assertThat(refused.path("bulkOperation").isNull()).isTrue();
    assertThat(refused.path("userErrors").path(0).path("code").asText())
        .isEqualTo("OPERATION_IN_PROGRESS");
    JsonNode silent = startQuery();
    assertThat(silent.path("bulkOperation").isNull()).isTrue();
    assertThat(silent.path("userErrors")).isEmpty();
    assertThat(startQuery().path("bulkOperation").path("id").asText())
        .startsWith("gid://shopify/BulkOperation/");
  }

  @Test
  void a_failing_run_ends_failed_with_its_error_code_and_no_result() throws Exception {
    bulkFaults("{\"failRunning\":1,\"failCode\":\"TIMEOUT\"}");
    String id = startQuery().path("bulkOperation").path("id").asText();

    Eventually.await(
        "the operation to end",
        Duration.ofSeconds(10),
        () -> !operation(id).path("status").asText().matches("CREATED|RUNNING"));
    JsonNode failed = operation(id);
    assertThat(failed.path("status").asText()).isEqualTo("FAILED");
    assertThat(failed.path("errorCode").asText()).isEqualTo("TIMEOUT");
    assertThat(failed.path("url").isNull()).isTrue();
  }

  @Test
  void a_slow_run_is_listed_as_running_counts_objects_and_can_be_canceled() throws Exception {
    bulkFaults("{\"runMillis\":60000}");
    String id = startQuery().path("bulkOperation").path("id").asText();

    Eventually.await(
        "objects to be counted",
        Duration.ofSeconds(10),
        () -> operation(id).path("objectCount").asLong() > 0);
    JsonNode listed =
        client
            .graphql(
                "{ bulkOperations(first: 10, query: \"status:running\") { nodes { id type } } }")
            .body()
            .path("data")
            .path("bulkOperations")
            .path("nodes");
    JsonNode cancel =
        client
            .graphql(
                "mutation($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { status } userErrors { message } } }",
                Map.of("id", id))
            .body()
            .path("data")
            .path("bulkOperationCancel");

    assertThat(listed)
        .singleElement()
        .satisfies(n -> assertThat(n.path("id").asText()).isEqualTo(id));
    assertThat(cancel.path("userErrors")).isEmpty();
    Eventually.await(
        "the operation to be canceled",
        Duration.ofSeconds(10),
        () -> operation(id).path("status").asText().equals("CANCELED"));
  }

  @Test
  void the_cap_on_running_operations_is_set_per_shop() throws Exception {
    bulkFaults("{\"maxRunning\":1,\"runMillis\":60000}");

    assertThat(startQuery().path("userErrors")).isEmpty();
    assertThat(startQuery().path("userErrors").path(0).path("code").asText())
        .isEqualTo("LIMIT_REACHED");
  }
}
