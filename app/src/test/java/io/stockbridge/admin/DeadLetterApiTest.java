package io.stockbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.auth.ApiKeyVerifier;
import io.stockbridge.auth.Role;
import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.event.EventStatus;
import io.stockbridge.flow.Route;
import io.stockbridge.queue.Outcome;
import io.stockbridge.queue.WorkHandler;
import io.stockbridge.queue.WorkItem;
import io.stockbridge.server.StockbridgeNode;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.TestConfigs;
import io.stockbridge.testhelper.TestDatabases;
import io.stockbridge.testhelper.TestHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failing flow retries with backoff, ends in the dead letters with its cause chain, and can be
 * redriven.
 */
class DeadLetterApiTest {
  @TempDir Path dir;

  /** Fails with a wrapped I/O error until told to recover. */
  static final class FlakyFlow implements WorkHandler {
    final AtomicBoolean broken = new AtomicBoolean(true);

    @Override
    public String kind() {
      return "flaky";
    }

    @Override
    public List<Outcome> handle(List<WorkItem> items) {
      if (broken.get()) {
        throw new IllegalStateException(
            "storefront rejected the write",
            new UncheckedIOException(new IOException("connection reset")));
      }
      return items.stream().map(i -> (Outcome) new Outcome.Done("written")).toList();
    }
  }

  @Test
  void a_failing_event_retries_dies_with_its_causes_and_is_redriven_to_success() {
    StockbridgeConfig config =
        TestConfigs.config(
            TestDatabases.sqliteUrl(dir),
            """
        queue:
          maxAttempts: 3
          backoffBaseMillis: 5
          backoffMaxMillis: 20
        sources:
          generic:
            tokens: [t]
        """);
    FlakyFlow flaky = new FlakyFlow();
    try (StockbridgeNode node =
        StockbridgeNode.builder(config)
            .handler(flaky)
            .route(new Route("generic", "stock.*", "flaky", 1, true))
            .start()) {
      new ApiKeyVerifier(node.storage().accessKeys()).create("ops", Role.OPERATOR, "k", 0);
      TestHttp http = new TestHttp(node.port());
      long id =
          http.postJson(
                  "/events",
                  Map.of("Authorization", "Bearer t"),
                  "{\"type\":\"stock.changed\",\"key\":\"S1\"}")
              .json()
              .path("eventId")
              .asLong();

      Eventually.await(
          "dead",
          Duration.ofSeconds(10),
          () -> node.storage().events().find(id).orElseThrow().status() == EventStatus.DEAD);
      var dead = http.get("/api/dead-letters", Map.of("X-Api-Key", "k")).json().path("deadLetters");
      assertThat(dead).hasSize(1);
      assertThat(dead.get(0).path("attempts").asInt()).isEqualTo(3);
      assertThat(dead.get(0).path("errorType").asText())
          .isEqualTo("java.lang.IllegalStateException");
      assertThat(dead.get(0).path("causes").asText())
          .contains("java.io.IOException: connection reset");
      assertThat(node.storage().events().history(id))
          .filteredOn(h -> h.status() == EventStatus.FAILED)
          .hasSize(2);

      flaky.broken.set(false);
      TestHttp.Answer redriven =
          http.postJson(
              "/api/dead-letters/redrive",
              Map.of("X-Api-Key", "k"),
              "{\"ids\":[" + dead.get(0).path("id").asLong() + "]}");

      assertThat(redriven.json().path("redriven").asInt()).isEqualTo(1);
      Eventually.await(
          "succeeded",
          Duration.ofSeconds(10),
          () -> node.storage().events().find(id).orElseThrow().status() == EventStatus.SUCCEEDED);
      assertThat(http.get("/api/dead-letters", Map.of("X-Api-Key", "k")).json().path("deadLetters"))
          .isEmpty();
    }
  }
}
