package io.stockbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockbridge.event.EventStatus;
import io.stockbridge.http.RouteBook;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.NodeFixture;
import io.stockbridge.testhelper.TestHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API over real HTTP: search, detail, replay, dead letters, pauses, roles, OpenAPI. */
class AdminApiTest {
  @TempDir Path dir;
  NodeFixture fixture;

  @BeforeEach
  void start() {
    fixture =
        new NodeFixture(
            dir, "queue:\n  maxAttempts: 2\n  backoffBaseMillis: 1\n  backoffMaxMillis: 5\n");
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private long post(String ids, String raisedOn) {
    return fixture
        .postBrightpearl(NodeFixture.brightpearlBody(ids, raisedOn))
        .json()
        .path("eventId")
        .asLong();
  }

  private void awaitStatus(long id, EventStatus status) {
    Eventually.await(
        "event " + id + " " + status,
        Duration.ofSeconds(10),
        () -> fixture.node.storage().events().find(id).orElseThrow().status() == status);
  }

  @Test
  void search_and_detail_show_metadata_history_and_payload() {
    long a = post("1", "t1");
    long b = post("2", "t2");
    awaitStatus(b, EventStatus.SUCCEEDED);

    TestHttp.Answer page =
        fixture.http.get("/api/events?source=brightpearl&limit=1", NodeFixture.viewer());
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.json().path("events")).hasSize(1);
    assertThat(page.json().path("events").get(0).path("id").asLong()).isEqualTo(b);
    long next = page.json().path("nextBefore").asLong();
    TestHttp.Answer second =
        fixture.http.get(
            "/api/events?source=brightpearl&limit=1&before=" + next, NodeFixture.viewer());
    assertThat(second.json().path("events").get(0).path("id").asLong()).isEqualTo(a);

    TestHttp.Answer detail = fixture.http.get("/api/events/" + b, NodeFixture.viewer());
    assertThat(detail.json().path("key").asText()).isEqualTo("2");
    assertThat(detail.json().path("history").get(0).path("status").asText()).isEqualTo("received");
    assertThat(detail.json().path("payload").path("json").path("raisedOn").asText())
        .isEqualTo("t2");
    assertThat(fixture.http.get("/api/events/999999", NodeFixture.viewer()).status())
        .isEqualTo(404);
    assertThat(fixture.http.get("/api/events?status=nonsense", NodeFixture.viewer()).message())
        .contains("unknown status 'nonsense'");
  }

  @Test
  void a_webhook_is_found_by_one_of_its_product_ids_through_the_api_and_the_dashboard_search() {
    long range = post("1-5,99", "t1");
    long single = post("3", "t2");
    post("7", "t3");

    TestHttp.Answer byProduct =
        fixture.http.get("/api/events?productId=3&limit=1", NodeFixture.viewer());
    assertThat(byProduct.status()).isEqualTo(200);
    assertThat(byProduct.json().path("events").get(0).path("id").asLong()).isEqualTo(single);
    TestHttp.Answer older =
        fixture.http.get(
            "/api/events?productId=3&limit=1&before="
                + byProduct.json().path("nextBefore").asLong(),
            NodeFixture.viewer());
    assertThat(older.json().path("events").get(0).path("id").asLong()).isEqualTo(range);
    assertThat(older.json().path("nextBefore").isNull()).isTrue();
    assertThat(
            fixture.http.get("/api/events?productId=6", NodeFixture.viewer()).json().path("events"))
        .isEmpty();
    assertThat(fixture.http.get("/api/events?productId=x", NodeFixture.viewer()).status())
        .isEqualTo(400);
    assertThat(fixture.http.get("/api/events?sku=A&productId=3", NodeFixture.viewer()).message())
        .contains("give one of them");

    TestHttp.Answer found = fixture.http.get("/ui/api/find?q=99", NodeFixture.viewer());
    assertThat(found.status()).isEqualTo(200);
    assertThat(found.json().path("events").get(0).path("id").asLong()).isEqualTo(range);
    assertThat(found.json().path("matchedBy").toString()).contains("product id 99");
  }

  @Test
  void keys_are_required_and_viewers_cannot_act() {
    long id = post("3", "t3");

    assertThat(fixture.http.get("/api/events", Map.of()).status()).isEqualTo(401);
    assertThat(fixture.http.get("/api/events", Map.of("X-Api-Key", "wrong")).status())
        .isEqualTo(401);
    TestHttp.Answer denied =
        fixture.http.postJson("/api/events/" + id + "/replay", NodeFixture.viewer(), "{}");
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.message()).contains("needs operator");
  }

  @Test
  void replaying_an_event_processes_it_again_and_says_who_asked() {
    long id = post("4", "t4");
    awaitStatus(id, EventStatus.SUCCEEDED);

    TestHttp.Answer answer =
        fixture.http.postJson("/api/events/" + id + "/replay", NodeFixture.operator(), "{}");

    assertThat(answer.status()).isEqualTo(202);
    Eventually.await(
        "second success",
        Duration.ofSeconds(10),
        () ->
            fixture.node.storage().events().history(id).stream()
                    .filter(h -> h.status() == EventStatus.SUCCEEDED)
                    .count()
                == 2);
    assertThat(fixture.node.storage().events().history(id))
        .anyMatch(h -> "replayed by api key ops".equals(h.detail()));
  }

  @Test
  void bulk_replay_needs_the_dry_run_count_and_tracks_a_batch() {
    for (int i = 10; i < 15; i++) {
      awaitStatus(post(String.valueOf(i), "t" + i), EventStatus.SUCCEEDED);
    }
    String filter = "{\"filter\":{\"source\":\"brightpearl\",\"status\":\"succeeded\"}";

    TestHttp.Answer dry =
        fixture.http.postJson("/api/replays", NodeFixture.operator(), filter + ",\"dryRun\":true}");
    assertThat(dry.json().path("matching").asLong()).isEqualTo(5);
    TestHttp.Answer unconfirmed =
        fixture.http.postJson("/api/replays", NodeFixture.operator(), filter + "}");
    assertThat(unconfirmed.status()).isEqualTo(400);
    TestHttp.Answer wrong =
        fixture.http.postJson("/api/replays", NodeFixture.operator(), filter + ",\"confirm\":4}");
    assertThat(wrong.status()).isEqualTo(409);
    assertThat(wrong.message()).contains("now matches 5 events, not 4");

    TestHttp.Answer done =
        fixture.http.postJson("/api/replays", NodeFixture.operator(), filter + ",\"confirm\":5}");

    assertThat(done.status()).isEqualTo(202);
    assertThat(done.json().path("replayed").asLong()).isEqualTo(5);
    long batch = done.json().path("batchId").asLong();
    TestHttp.Answer inBatch = fixture.http.get("/api/events?batch=" + batch, NodeFixture.viewer());
    assertThat(inBatch.json().path("events")).hasSize(5);
  }

  @Test
  void pausing_a_flow_holds_its_events_until_resumed() {
    TestHttp.Answer paused =
        fixture.http.postJson("/api/pauses", NodeFixture.operator(), "{\"scope\":\"flow:record\"}");
    assertThat(paused.status()).isEqualTo(201);
    long id = post("20", "t20");
    TestHttp.Answer queue = fixture.http.get("/api/queue", NodeFixture.viewer());
    assertThat(queue.json().path("ready").asLong()).isEqualTo(1);
    assertThat(fixture.node.storage().events().find(id).orElseThrow().status())
        .isEqualTo(EventStatus.QUEUED);
    assertThat(
            fixture
                .http
                .postJson("/api/pauses", NodeFixture.operator(), "{\"scope\":\"everything\"}")
                .status())
        .isEqualTo(400);

    assertThat(
            fixture
                .http
                .send("DELETE", "/api/pauses/flow:record", NodeFixture.operator(), null)
                .status())
        .isEqualTo(200);

    awaitStatus(id, EventStatus.SUCCEEDED);
  }

  @Test
  void the_openapi_document_describes_exactly_the_routes_that_exist() {
    TestHttp.Answer doc = fixture.http.get("/openapi.json", Map.of());
    assertThat(doc.status()).isEqualTo(200);
    Set<String> documented = new HashSet<>();
    JsonNode paths = doc.json().path("paths");
    for (Iterator<String> names = paths.fieldNames(); names.hasNext(); ) {
      String path = names.next();
      paths
          .path(path)
          .fieldNames()
          .forEachRemaining(method -> documented.add(method.toUpperCase() + " " + path));
    }
    Set<String> registered = new HashSet<>();
    for (RouteBook.Entry entry : fixture.node.routes().entries()) {
      registered.add(entry.method() + " " + entry.path());
    }
    assertThat(documented).isEqualTo(registered);
  }

  @Test
  void health_reports_live_and_ready() {
    assertThat(fixture.http.get("/health/live", Map.of()).json().path("status").asText())
        .isEqualTo("live");
    // The probe answers within 700 ms whatever the database does; on a busy machine a node's first
    // probe (cold code reading the migration history) can take longer and say not ready.
    Eventually.await(
        "ready",
        Duration.ofSeconds(10),
        () ->
            fixture
                .http
                .get("/health/ready", Map.of())
                .json()
                .path("status")
                .asText()
                .equals("ready"));
  }
}
