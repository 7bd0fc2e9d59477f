package io.stockbridge.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockbridge.testhelper.NodeFixture;
import io.stockbridge.testhelper.TestHttp;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression (issue 8): authenticated webhooks were refused with nothing logged or counted. Every
 * refusal is counted, as authenticated or not, and operators read the figures and reasons.
 */
class IngestRejectionsTest {
  @TempDir Path dir;
  NodeFixture fixture;

  @BeforeEach
  void start() {
    fixture = new NodeFixture(dir, "");
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void a_refused_authenticated_webhook_is_counted_with_its_reason_and_no_secret() {
    fixture.postBrightpearl(NodeFixture.brightpearlBody("1-x", "2026-11-22T10:00:00Z"));
    fixture.http.postJson(
        "/webhooks/brightpearl/acme?secret=wrong", Map.of(), NodeFixture.brightpearlBody("1", "t"));
    fixture.postBrightpearl(NodeFixture.brightpearlBody("5", "2026-11-22T10:00:01Z"));

    TestHttp.Answer answer = fixture.http.get("/api/ingest/rejections", NodeFixture.viewer());

    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    JsonNode figures = answer.json();
    assertThat(figures.path("total").asLong()).isEqualTo(2);
    assertThat(figures.path("authenticated").asLong()).isEqualTo(1);
    assertThat(figures.path("bySource").path("brightpearl").path("400").asLong()).isEqualTo(1);
    assertThat(figures.path("bySource").path("brightpearl").path("401").asLong()).isEqualTo(1);
    JsonNode latest = figures.path("recent").get(0);
    assertThat(latest.path("status").asInt()).isEqualTo(401);
    assertThat(latest.path("authenticated").asBoolean()).isFalse();
    JsonNode refused = figures.path("recent").get(1);
    assertThat(refused.path("authenticated").asBoolean()).isTrue();
    assertThat(refused.path("reason").asText()).contains("invalid id 'x'");
    assertThat(answer.raw()).doesNotContain(NodeFixture.BP_SECRET).doesNotContain("wrong");
  }

  @Test
  void the_figures_are_for_api_keys_only() {
    assertThat(fixture.http.get("/api/ingest/rejections", Map.of()).status()).isEqualTo(401);
  }
}
