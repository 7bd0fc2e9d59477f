package io.stockbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.NodeFixture;
import io.stockbridge.testhelper.TestHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batches and read models over the admin API and the ingest header, over real HTTP. */
class BatchApiTest {
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

  private TestHttp.Answer openBatch(String body) {
    return fixture.http.postJson("/api/batches", NodeFixture.operator(), body);
  }

  private TestHttp.Answer postEvent(String key, String batchHeader) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Authorization", "Bearer " + NodeFixture.TOKEN);
    if (batchHeader != null) {
      headers.put("Stockbridge-Batch", batchHeader);
    }
    return fixture.http.postJson(
        "/events", headers, "{\"type\":\"import.row\",\"key\":\"" + key + "\"}");
  }

  private JsonNode batch(long id) {
    return fixture.http.get("/api/batches/" + id, NodeFixture.viewer()).json();
  }

  @Test
  void an_api_batch_is_opened_tagged_on_ingest_closed_and_completes_once() {
    TestHttp.Answer opened = openBatch("{\"name\":\"import 42\",\"kind\":\"import\"}");
    assertThat(opened.status()).isEqualTo(201);
    long id = opened.json().path("id").asLong();
    assertThat(opened.json().path("state").asText()).isEqualTo("open");
    for (int i = 0; i < 3; i++) {
      assertThat(postEvent("row-" + i, Long.toString(id)).status()).isEqualTo(202);
    }
    Eventually.await(
        "the three events ended",
        Duration.ofSeconds(20),
        () -> batch(id).path("succeeded").asInt() == 3);
    // Open: the events ended but nothing completes until it is closed.
    assertThat(batch(id).path("state").asText()).isEqualTo("open");
    TestHttp.Answer closed =
        fixture.http.send("POST", "/api/batches/" + id + "/close", NodeFixture.operator(), null);
    assertThat(closed.status()).isEqualTo(200);
    assertThat(closed.json().path("state").asText()).isEqualTo("completed");
    assertThat(closed.json().path("total").asInt()).isEqualTo(3);
    long completion = closed.json().path("completionEventId").asLong();
    JsonNode event = fixture.http.get("/api/events/" + completion, NodeFixture.viewer()).json();
    assertThat(event.path("source").asText()).isEqualTo("stockbridge");
    assertThat(event.path("type").asText()).isEqualTo("batch.completed");
    assertThat(event.path("payload").path("json").path("batch").path("total").asInt()).isEqualTo(3);
    assertThat(
            fixture
                .http
                .get("/api/events?source=stockbridge&type=batch.completed", NodeFixture.viewer())
                .json()
                .path("events"))
        .hasSize(1);
    // The batch's members are searchable by batch.
    assertThat(
            fixture.http.get("/api/events?batch=" + id, NodeFixture.viewer()).json().path("events"))
        .hasSize(3);
    // Closed batches take no more events, and close once.
    TestHttp.Answer late = postEvent("row-late", Long.toString(id));
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.message()).contains("batch " + id + " is completed");
    TestHttp.Answer again =
        fixture.http.send("POST", "/api/batches/" + id + "/close", NodeFixture.operator(), null);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.message()).contains("not open");
    assertThat(
            fixture
                .http
                .get("/api/batches?state=completed", NodeFixture.viewer())
                .json()
                .path("batches"))
        .extracting(b -> b.path("id").asLong())
        .contains(id);
  }

  @Test
  void bad_requests_are_refused_with_reasons() {
    assertThat(openBatch("{}").message()).contains("name: required");
    assertThat(openBatch("{\"nam\":\"x\"}").message()).contains("did you mean 'name'");
    assertThat(openBatch("{\"name\":\"x\",\"kind\":\"Bad Kind\"}").message()).contains("kind:");
    TestHttp.Answer unknownStore = openBatch("{\"name\":\"x\",\"rebuildReadModels\":[\"nope\"]}");
    assertThat(unknownStore.status()).isEqualTo(400);
    assertThat(unknownStore.message()).contains("no configured store 'nope'");
    assertThat(openBatch("[1]").status()).isEqualTo(400);
    assertThat(
            fixture
                .http
                .postJson("/api/batches", NodeFixture.viewer(), "{\"name\":\"x\"}")
                .status())
        .isEqualTo(403);
    assertThat(fixture.http.get("/api/batches/abc", NodeFixture.viewer()).status()).isEqualTo(400);
    assertThat(fixture.http.get("/api/batches/999999", NodeFixture.viewer()).status())
        .isEqualTo(404);
    assertThat(fixture.http.get("/api/batches?state=done", NodeFixture.viewer()).message())
        .contains("unknown batch state 'done'");
    assertThat(
            fixture
                .http
                .send("POST", "/api/batches/999999/close", NodeFixture.operator(), null)
                .status())
        .isEqualTo(404);

    TestHttp.Answer notANumber = postEvent("k", "twelve");
    assertThat(notANumber.status()).isEqualTo(400);
    assertThat(notANumber.json().path("error").isTextual()).isTrue();
    assertThat(notANumber.message()).contains("Stockbridge-Batch must be a batch id");
    TestHttp.Answer unknown = postEvent("k", "424242");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.message()).contains("no batch with id 424242");

    TestHttp.Answer noStore = fixture.http.get("/api/stores/nope/categories", NodeFixture.viewer());
    assertThat(noStore.status()).isEqualTo(404);
    assertThat(noStore.message()).contains("no configured store 'nope'");
    assertThat(fixture.http.get("/api/read-models", NodeFixture.viewer()).status()).isEqualTo(200);
  }
}
