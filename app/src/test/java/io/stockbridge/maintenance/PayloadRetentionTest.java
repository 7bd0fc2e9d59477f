package io.stockbridge.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.event.EventQuery;
import io.stockbridge.event.NewEvent;
import io.stockbridge.http.Json;
import io.stockbridge.store.Storage;
import io.stockbridge.store.wiring.StorageFactory;
import io.stockbridge.testhelper.MutableClock;
import io.stockbridge.testhelper.TestDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Old payloads are archived to gzip JSON lines (or deleted); metadata stays searchable. */
class PayloadRetentionTest {
  @TempDir Path dir;

  private static NewEvent event(String key) {
    return new NewEvent(
        "generic",
        "stock.changed",
        key,
        null,
        null,
        "t",
        null,
        "application/json",
        ("{\"key\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8),
        List.of());
  }

  @Test
  void payloads_past_retention_are_archived_and_readable_from_the_archive() throws IOException {
    MutableClock clock = MutableClock.atEpochSecond(1_800_000_000L);
    try (Storage storage =
        StorageFactory.open(
            new StockbridgeConfig.Database(TestDatabases.sqliteUrl(dir), 2), clock)) {
      storage.migrate();
      long old = storage.events().append(List.of(event("OLD")), clock.millis()).get(0).eventId();
      clock.advance(Duration.ofDays(31));
      long recent = storage.events().append(List.of(event("NEW")), clock.millis()).get(0).eventId();

      int moved =
          new PayloadRetention(storage.events(), Duration.ofDays(30), "archive", dir, clock).run();

      assertThat(moved).isEqualTo(1);
      assertThat(storage.events().payload(old)).isEmpty();
      assertThat(storage.events().payload(recent)).isPresent();
      String archive = storage.events().find(old).orElseThrow().payloadArchive();
      assertThat(archive).startsWith("archived:payloads-");
      Path file = dir.resolve("archive").resolve(archive.substring("archived:".length()));
      try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
        JsonNode line =
            Json.MAPPER.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        assertThat(line.path("eventId").asLong()).isEqualTo(old);
        assertThat(
                new String(
                    Base64.getDecoder().decode(line.path("body").asText()), StandardCharsets.UTF_8))
            .isEqualTo("{\"key\":\"OLD\"}");
      }
      assertThat(
              storage
                  .events()
                  .count(
                      new EventQuery(
                          null, null, null, "OLD", null, null, null, null, null, null, 1)))
          .isEqualTo(1);
    }
  }

  @Test
  void delete_mode_drops_old_payloads_without_writing_files() {
    MutableClock clock = MutableClock.atEpochSecond(1_800_000_000L);
    try (Storage storage =
        StorageFactory.open(
            new StockbridgeConfig.Database(TestDatabases.sqliteUrl(dir), 2), clock)) {
      storage.migrate();
      long old = storage.events().append(List.of(event("OLD")), clock.millis()).get(0).eventId();
      clock.advance(Duration.ofDays(2));

      new PayloadRetention(storage.events(), Duration.ofDays(1), "delete", dir, clock).run();

      assertThat(storage.events().payload(old)).isEmpty();
      assertThat(storage.events().find(old).orElseThrow().payloadArchive()).isEqualTo("deleted");
      assertThat(Files.exists(dir.resolve("archive"))).isFalse();
    }
  }
}
