package io.stockbridge.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.store.Storage;
import io.stockbridge.store.wiring.StorageFactory;
import io.stockbridge.testhelper.MutableClock;
import io.stockbridge.testhelper.TestDatabases;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Overview's throttles chart (a placeholder until metrics existed): each sample holds the
 * throttled answers a connection got since the one before, from the connectors' own counters.
 */
class SamplesThrottlesTest {
  @TempDir Path dir;

  @Test
  void throttles_are_charted_per_connection_as_the_answers_since_the_sample_before() {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z").toEpochMilli());
    Map<String, Long> totals = new LinkedHashMap<>();
    totals.put("shopify:eu.myshopify.com", 4L);
    try (Storage storage =
        StorageFactory.open(
            new StockbridgeConfig.Database(TestDatabases.sqliteUrl(dir), 2), clock)) {
      storage.migrate();
      Samples samples = new Samples(storage.dashboardReads(), clock, () -> Map.copyOf(totals));
      long start = clock.millis();

      samples.run(); // the first reading starts the series
      clock.advance(java.time.Duration.ofSeconds(5));
      totals.put("shopify:eu.myshopify.com", 7L);
      totals.put("brightpearl:acme", 2L);
      samples.run();
      clock.advance(java.time.Duration.ofSeconds(5));
      totals.put("brightpearl:acme", 5L);
      samples.run();

      Map<String, List<Samples.Throttles>> charted = samples.throttlesSince(start);
      assertThat(charted.get("shopify:eu.myshopify.com"))
          .extracting(Samples.Throttles::count)
          .containsExactly(0L, 3L, 0L);
      assertThat(charted.get("brightpearl:acme"))
          .extracting(Samples.Throttles::count)
          .containsExactly(0L, 3L);
      assertThat(samples.throttlesSince(clock.millis()).get("brightpearl:acme"))
          .extracting(Samples.Throttles::count)
          .containsExactly(3L);
    }
  }
}
