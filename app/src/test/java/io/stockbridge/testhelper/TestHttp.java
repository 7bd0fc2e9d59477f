package io.stockbridge.testhelper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Real HTTP calls to a running node, with the answer's JSON parsed. */
public final class TestHttp {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public TestHttp(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** A response: status and parsed JSON body (a missing node when the body is not JSON). */
  public record Answer(int status, JsonNode json, String raw) {
    public String message() {
      return json.path("message").asText();
    }
  }

  public Answer send(String method, String path, Map<String, String> headers, byte[] body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    try {
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json;
      try {
        json = MAPPER.readTree(response.body());
      } catch (IOException e) {
        json = MAPPER.missingNode();
      }
      return new Answer(
          response.statusCode(), json == null ? MAPPER.missingNode() : json, response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Answer get(String path, Map<String, String> headers) {
    return send("GET", path, headers, null);
  }

  public Answer postJson(String path, Map<String, String> headers, String json) {
    Map<String, String> all = new java.util.HashMap<>(headers);
    all.putIfAbsent("Content-Type", "application/json");
    return send("POST", path, all, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
