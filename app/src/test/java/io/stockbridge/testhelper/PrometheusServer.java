package io.stockbridge.testhelper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code prometheus}) scraping one node's {@code /metrics} every
 * second with a bearer key, as an operator would configure it; queried over its HTTP API. Close to
 * stop it.
 */
public final class PrometheusServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private PrometheusServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts a server in {@code dir} scraping {@code target} (host:port) with {@code apiKey}. */
  public static PrometheusServer scraping(Path dir, String target, String apiKey, Path rules)
      throws IOException {
    Path binary = PrometheusTools.require("prometheus");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        rule_files: ['%s']
        scrape_configs:
          - job_name: stockbridge
            metrics_path: /metrics
            authorization:
              credentials: '%s'
            static_configs:
              - targets: ['%s']
        """
            .formatted(rules, apiKey, target));
    Process process =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    PrometheusServer server = new PrometheusServer(process, port);
    Eventually.await(
        "Prometheus is ready (log: " + dir.resolve("prometheus.log") + ")",
        Duration.ofSeconds(60),
        server::ready);
    return server;
  }

  private boolean ready() {
    if (!process.isAlive()) {
      throw new IllegalStateException("prometheus exited with " + process.exitValue());
    }
    try {
      return get("/-/ready").statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  private HttpResponse<String> get(String path) throws IOException {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** {@code GET /api/v1/<path>}'s {@code data}; throws when Prometheus answers an error. */
  public JsonNode api(String path) {
    try {
      HttpResponse<String> answer = get("/api/v1/" + path);
      JsonNode body = JSON.readTree(answer.body());
      if (!"success".equals(body.path("status").asText())) {
        throw new IllegalStateException("Prometheus: " + answer.body());
      }
      return body.path("data");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The result of an instant query (a vector's samples). */
  public JsonNode query(String promql) {
    return api("query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).path("result");
  }

  /** The single value of an instant query, or NaN when it returns nothing. */
  public double value(String promql) {
    JsonNode result = query(promql);
    if (result.isEmpty()) {
      return Double.NaN;
    }
    return Double.parseDouble(result.get(0).path("value").get(1).asText());
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
