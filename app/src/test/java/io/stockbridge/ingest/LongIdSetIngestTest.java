package io.stockbridge.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockbridge.event.EventQuery;
import io.stockbridge.event.EventRecord;
import io.stockbridge.event.EventStatus;
import io.stockbridge.idset.IdSet;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.NodeFixture;
import io.stockbridge.testhelper.TestHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression (issue 8): a CSV-sized burst of on-hand webhooks, ID sets of 183 to 200 scattered
 * products (about 1,000 characters), was answered {@code 400 key is longer than 500 characters} and
 * lost whole, since Brightpearl never retries a 4xx. ID sets of any length the body limit allows
 * are stored, deduplicated and processed, on both engines.
 */
abstract class LongIdSetIngestTest {
  @TempDir Path dir;
  NodeFixture fixture;

  protected abstract String databaseUrl(Path dir);

  protected void cleanUp() {}

  @BeforeEach
  void start() {
    // The default body limit (1 MiB), not the fixture's small one.
    fixture = new NodeFixture(dir, databaseUrl(dir), "http:\n  maxBodyBytes: 1048576\n");
  }

  @AfterEach
  void stop() {
    fixture.close();
    cleanUp();
  }

  /** {@code count} distinct ids, no two adjacent, in random order (as an import names them). */
  static List<Long> scatteredIds(int count, long seed) {
    Random random = new Random(seed);
    List<Long> ids = new ArrayList<>();
    long id = 10_000;
    for (int i = 0; i < count; i++) {
      id += 2 + random.nextInt(40);
      ids.add(id);
    }
    java.util.Collections.shuffle(ids, random);
    return ids;
  }

  static String idSetText(List<Long> ids) {
    return String.join(",", ids.stream().map(String::valueOf).toList());
  }

  private EventRecord awaitSucceeded(long id) {
    Eventually.await(
        "event " + id + " succeeded",
        Duration.ofSeconds(20),
        () ->
            fixture.node.storage().events().find(id).orElseThrow().status()
                == EventStatus.SUCCEEDED);
    return fixture.node.storage().events().find(id).orElseThrow();
  }

  private JsonNode rejections() {
    TestHttp.Answer answer = fixture.http.get("/api/ingest/rejections", NodeFixture.viewer());
    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    return answer.json();
  }

  @Test
  void long_scattered_id_set_is_stored_not_rejected() {
    List<Long> ids = scatteredIds(200, 1);
    String text = idSetText(ids);
    assertThat(text.length()).isGreaterThan(1000);
    String body = NodeFixture.brightpearlBody(text, "2026-11-22T10:00:00Z");

    TestHttp.Answer first = fixture.postBrightpearl(body);
    TestHttp.Answer again = fixture.postBrightpearl(body);

    assertThat(first.status()).as(first.raw()).isEqualTo(202);
    assertThat(again.status()).as(again.raw()).isEqualTo(200);
    long id = first.json().path("eventId").asLong();
    assertThat(again.json().path("eventId").asLong()).isEqualTo(id);
    EventRecord event = awaitSucceeded(id);
    assertThat(event.type()).isEqualTo("product.modified.on-hand-modified");
    assertThat(IdSet.parse(event.key())).isEqualTo(IdSet.of(ids));
    assertThat(event.dedupeKey()).startsWith("sha256:").hasSize("sha256:".length() + 64);
    // Found by its whole key, over the admin API as operators search.
    TestHttp.Answer found =
        fixture.http.get(
            "/api/events?key="
                + java.net.URLEncoder.encode(event.key(), java.nio.charset.StandardCharsets.UTF_8),
            NodeFixture.viewer());
    assertThat(found.status()).as(found.raw()).isEqualTo(200);
    assertThat(found.json().path("events")).hasSize(1);
    assertThat(found.json().path("events").get(0).path("id").asLong()).isEqualTo(id);
    assertThat(rejections().path("total").asLong()).isZero();
  }

  @Test
  void five_thousand_id_set_within_the_body_limit_is_stored_and_processed_not_rejected() {
    List<Long> ids = scatteredIds(5000, 2);
    String text = idSetText(ids);
    assertThat(text.length()).isGreaterThan(25_000);
    String body =
        NodeFixture.brightpearlBodyNamingEvent(
            "product.modified.on-hand-modified", text, "2026-11-22T11:00:00Z");

    TestHttp.Answer first = fixture.postBrightpearl(body);
    TestHttp.Answer again = fixture.postBrightpearl(body);

    assertThat(first.status()).as(first.raw()).isEqualTo(202);
    assertThat(again.status()).as(again.raw()).isEqualTo(200);
    long id = first.json().path("eventId").asLong();
    assertThat(again.json().path("eventId").asLong()).isEqualTo(id);
    EventRecord event = awaitSucceeded(id);
    assertThat(event.type()).isEqualTo("product.modified.on-hand-modified");
    assertThat(IdSet.parse(event.key()).size()).isEqualTo(5000);
    assertThat(IdSet.parse(event.key())).isEqualTo(IdSet.of(ids));
    assertThat(
            fixture
                .node
                .storage()
                .events()
                .search(
                    new EventQuery(
                        null, null, null, event.key(), null, null, null, null, null, null, 10))
                .events())
        .extracting(EventRecord::id)
        .containsExactly(id);
    assertThat(fixture.node.storage().events().payload(id).orElseThrow().body())
        .hasSize(body.length());
    assertThat(rejections().path("total").asLong()).isZero();
  }

  @Test
  void repeated_range_id_set_is_refused_by_the_ids_it_spans_and_a_valid_one_beside_it_is_stored()
      throws Exception {
    // `1-100000` a thousand times, a 9 KB body, once cost 8 s of a core.
    String repeated = String.join(",", java.util.Collections.nCopies(1000, "1-100000"));
    String valid = idSetText(scatteredIds(200, 3));
    TestHttp.Answer refused;
    TestHttp.Answer stored;
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
      var bad =
          pool.submit(
              () ->
                  fixture.postBrightpearl(
                      NodeFixture.brightpearlBody(repeated, "2026-11-22T13:00:00Z")));
      var good =
          pool.submit(
              () ->
                  fixture.postBrightpearl(
                      NodeFixture.brightpearlBody(valid, "2026-11-22T13:00:00Z")));
      refused = bad.get();
      stored = good.get();
    }

    assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
    assertThat(refused.message())
        .contains("spans more than 1000000 ids")
        .contains("ingest.maxIdSetIds")
        .hasSizeLessThan(400);
    assertThat(stored.status()).as(stored.raw()).isEqualTo(202);
    assertThat(fixture.node.storage().events().count(EventQuery.all(10))).isEqualTo(1);
    JsonNode rejections = rejections();
    assertThat(rejections.path("total").asLong()).isEqualTo(1);
    assertThat(rejections.path("authenticated").asLong()).isEqualTo(1);
  }

  @Test
  void a_burst_of_long_id_sets_sharing_group_commits_is_stored_whole() throws Exception {
    int webhooks = 30;
    List<java.util.concurrent.Future<TestHttp.Answer>> answers = new ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < webhooks; i++) {
        String body =
            NodeFixture.brightpearlBodyNamingEvent(
                "product.modified.on-hand-modified",
                idSetText(scatteredIds(200, 100 + i)),
                "2026-11-22T12:00:" + (10 + i) + "Z");
        answers.add(pool.submit(() -> fixture.postBrightpearl(body)));
      }
    }
    for (var answer : answers) {
      assertThat(answer.get().status()).as(answer.get().raw()).isEqualTo(202);
    }
    Eventually.await(
        "every event succeeded",
        Duration.ofSeconds(30),
        () ->
            fixture
                    .node
                    .storage()
                    .events()
                    .count(EventQuery.all(1).withStatus(EventStatus.SUCCEEDED))
                == webhooks);
    assertThat(rejections().path("total").asLong()).isZero();
  }
}
