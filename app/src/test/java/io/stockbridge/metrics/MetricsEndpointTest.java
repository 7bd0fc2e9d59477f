package io.stockbridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.NodeFixture;
import io.stockbridge.testhelper.PrometheusTools;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} over real HTTP: formats, authentication, what ingestion counted. */
class MetricsEndpointTest {
  @TempDir Path dir;
  NodeFixture fixture;

  @AfterEach
  void close() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private HttpResponse<String> get(Map<String, String> headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fixture.node.port() + "/metrics"));
    headers.forEach(request::header);
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metrics_need_an_api_key_and_a_viewer_key_is_enough() throws Exception {
    fixture = new NodeFixture(dir, "");
    assertThat(get(Map.of()).statusCode()).isEqualTo(401);
    assertThat(get(Map.of("Authorization", "Bearer wrong-key")).statusCode()).isEqualTo(401);
    HttpResponse<String> answer = get(Map.of("Authorization", "Bearer " + NodeFixture.VIEWER_KEY));
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("text/plain; version=0.0.4");
  }

  @Test
  void webhooks_served_by_the_fast_path_are_counted_by_outcome_and_the_text_passes_promtool()
      throws Exception {
    fixture = new NodeFixture(dir, "");
    assertThat(
            fixture
                .postBrightpearl(NodeFixture.brightpearlBody("1-3", "2026-11-30T10:00:00Z"))
                .status())
        .isEqualTo(202);
    assertThat(
            fixture
                .postBrightpearl(NodeFixture.brightpearlBody("1-3", "2026-11-30T10:00:00Z"))
                .status())
        .isEqualTo(200);
    assertThat(
            fixture
                .http
                .postJson("/webhooks/brightpearl/acme?secret=wrong", Map.of(), "{}")
                .status())
        .isEqualTo(401);
    Map<String, String> viewer = NodeFixture.viewer();
    // The observer sees a request once its response is complete: poll for the last one.
    Eventually.await(
        "the refused webhook is counted",
        Duration.ofSeconds(10),
        () -> {
          try {
            return get(viewer)
                .body()
                .contains("route=\"/webhooks/brightpearl/{account}\",status=\"401\"");
          } catch (Exception e) {
            return false;
          }
        });
    String text = get(viewer).body();
    Files.writeString(dir.resolve("metrics.txt"), text);
    assertThat(text)
        .contains(
            "stockbridge_events_received_total{outcome=\"new\",source=\"brightpearl\",type=\"product.modified.on-hand-modified\"} 1.0")
        .contains(
            "stockbridge_events_received_total{outcome=\"duplicate\",source=\"brightpearl\",type=\"product.modified.on-hand-modified\"} 1.0")
        .contains(
            "stockbridge_events_received_total{outcome=\"rejected\",source=\"brightpearl\",type=\"unknown\"} 1.0")
        .contains(
            "stockbridge_events_rejected_total{reason=\"unauthorized\",source=\"brightpearl\",status=\"401\"} 1.0")
        .contains("stockbridge_ingest_commit_events_count 2")
        .contains("stockbridge_ingest_ack_seconds_bucket{le=\"0.001\"}")
        .doesNotContain("1-3"); // never an event's key as a label
    PrometheusTools.Run lint = PrometheusTools.promtool(dir, text, "check", "metrics");
    assertThat(lint.exitCode()).as(lint.output()).isZero();
  }

  @Test
  void openmetrics_is_served_on_request() throws Exception {
    fixture = new NodeFixture(dir, "metrics:\n  auth: none\n");
    HttpResponse<String> answer =
        get(Map.of("Accept", "application/openmetrics-text; version=1.0.0"));
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/openmetrics-text");
    assertThat(answer.body()).endsWith("# EOF\n");
  }

  @Test
  void metrics_switched_off_answer_404_in_our_error_shape() throws Exception {
    fixture = new NodeFixture(dir, "metrics:\n  enabled: false\n  auth: none\n");
    HttpResponse<String> answer = get(Map.of());
    assertThat(answer.statusCode()).isEqualTo(404);
    assertThat(answer.body()).contains("\"error\"").contains("metrics.enabled");
  }
}
