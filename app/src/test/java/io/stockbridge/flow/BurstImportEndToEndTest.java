package io.stockbridge.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.demo.SyncLab;
import io.stockbridge.event.EventQuery;
import io.stockbridge.event.EventRecord;
import io.stockbridge.event.EventStatus;
import io.stockbridge.testhelper.EndToEnd;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.TestHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression (issue 8): a CSV import made Brightpearl send on-hand webhooks naming 183 to 200
 * scattered products each; every one was refused for its length and the burst was lost. With the
 * simulator in burst mode (long scattered ID sets, as an import sends them) the whole burst reaches
 * the store. On SQLite: that such ID sets are stored on both engines is {@code
 * LongIdSetIngestTest}'s part.
 */
@EndToEnd
class BurstImportEndToEndTest {
  @TempDir Path dir;
  private SyncLab lab;

  @AfterEach
  void close() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void csv_import_burst_of_long_scattered_id_sets_is_stored_not_rejected_and_reaches_the_store() {
    lab =
        SyncLab.start(
            new SyncLab.Spec(
                600,
                2,
                List.of(SyncLab.StoreSpec.of("shop-a", "Main", 1L, 2L)),
                io.stockbridge.testhelper.TestDatabases.sqliteUrl(dir),
                dir,
                StockSyncEndToEndTest.FAST));
    lab.seedStoresInSync();
    lab.warmCaches();
    assertThat(lab.drift("shop-a")).isEmpty();
    lab.brightpearl().faults().set(lab.brightpearl().faults().settings().withImportIdSetSize(200));

    var burst = lab.brightpearl().control().randomStockBurst(400, 1, 11);

    assertThat(burst.changed().size()).isGreaterThan(200);
    Eventually.await(
        "shop-a matches the warehouse",
        Duration.ofSeconds(60),
        () -> lab.drift("shop-a").isEmpty());
    List<EventRecord> onHand =
        lab.node()
            .storage()
            .events()
            .search(
                new EventQuery(
                    null,
                    "brightpearl",
                    "product.modified.on-hand-modified",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    100))
            .events();
    // Two webhooks, the first of 200 scattered ids (about 1,000 characters), all ids stored.
    assertThat(onHand).hasSize(2);
    assertThat(onHand.stream().mapToInt(e -> e.key().length()).max().orElse(0)).isGreaterThan(500);
    assertThat(
            onHand.stream().mapToInt(e -> io.stockbridge.idset.IdSet.parse(e.key()).size()).sum())
        .isEqualTo(burst.changed().size());
    Eventually.await(
        "every on-hand event succeeded",
        Duration.ofSeconds(30),
        () ->
            lab
                .node()
                .storage()
                .events()
                .search(
                    new EventQuery(
                        null,
                        "brightpearl",
                        "product.modified.on-hand-modified",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        100))
                .events()
                .stream()
                .allMatch(e -> e.status() == EventStatus.SUCCEEDED));
    TestHttp.Answer rejections =
        new TestHttp(lab.node().port())
            .get("/api/ingest/rejections", Map.of("Authorization", "Bearer " + SyncLab.API_KEY));
    assertThat(rejections.status()).as(rejections.raw()).isEqualTo(200);
    assertThat(rejections.json().path("total").asLong()).as(rejections.raw()).isZero();
    assertThat(lab.node().storage().queue().stats().dead()).isZero();
  }
}
