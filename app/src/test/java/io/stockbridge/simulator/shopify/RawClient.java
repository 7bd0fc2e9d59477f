package io.stockbridge.simulator.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** Plain HTTP calls to the simulator, for tests of the simulator itself. */
final class RawClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String graphqlUrl;
  private final String token;

  RawClient(ShopifySimulator simulator) {
    this(
        simulator.baseUrl() + "/admin/api/2026-10/graphql.json",
        ShopifySimulatorOptions.DEFAULT_ACCESS_TOKEN);
  }

  RawClient(String graphqlUrl, String token) {
    this.graphqlUrl = graphqlUrl;
    this.token = token;
  }

  record Answer(int status, JsonNode body) {
    JsonNode cost() {
      return body.path("extensions").path("cost");
    }

    String errorCode() {
      return body.path("errors").path(0).path("extensions").path("code").asText(null);
    }
  }

  Answer graphql(String query, Map<String, Object> variables)
      throws IOException, InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("query", query);
    body.put("variables", variables);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(graphqlUrl))
            .header("Content-Type", "application/json")
            .header("X-Shopify-Access-Token", token)
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
            .build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    return new Answer(response.statusCode(), JSON.readTree(response.body()));
  }

  Answer graphql(String query) throws IOException, InterruptedException {
    return graphql(query, Map.of());
  }
}
