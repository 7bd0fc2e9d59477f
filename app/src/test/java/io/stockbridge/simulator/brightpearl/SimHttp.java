package io.stockbridge.simulator.brightpearl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Raw HTTP calls to a simulator for tests, with the simulator's private-app credentials. */
public final class SimHttp {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final BrightpearlSimulator simulator;

  public SimHttp(BrightpearlSimulator simulator) {
    this.simulator = simulator;
  }

  /** An answer: status, headers and body. */
  public record Answer(int status, HttpResponse<String> raw) {
    public JsonNode json() {
      try {
        return MAPPER.readTree(raw.body());
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + raw.body(), e);
      }
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  /** {@code method} on {@code {accountUrl}{path}} with valid private-app credentials. */
  public Answer api(String method, String path) {
    return api(method, path, null);
  }

  public Answer api(String method, String path, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(simulator.accountUrl() + path))
            .header("brightpearl-app-ref", simulator.options().appRef())
            .header("brightpearl-account-token", simulator.options().accountToken().reveal());
    return send(request, method, body);
  }

  /** A request with exactly the given headers (name, value pairs). */
  public Answer withHeaders(String method, String path, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.accountUrl() + path));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request, method, null);
  }

  /** A control API call, e.g. {@code control("POST", "/_control/seed", "{...}")}. */
  public Answer control(String method, String path, String body, String contentType) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
            .header("Content-Type", contentType);
    return send(request, method, body);
  }

  private Answer send(HttpRequest.Builder request, String method, String body) {
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response);
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
