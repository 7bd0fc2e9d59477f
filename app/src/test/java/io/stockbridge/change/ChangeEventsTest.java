package io.stockbridge.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.event.EventQuery;
import io.stockbridge.event.EventRecord;
import io.stockbridge.store.Storage;
import io.stockbridge.store.jdbc.JdbcStorage;
import io.stockbridge.store.wiring.StorageFactory;
import io.stockbridge.sync.PushedLevel;
import io.stockbridge.sync.StoreProduct;
import io.stockbridge.testhelper.MutableClock;
import io.stockbridge.testhelper.TestDatabases;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Change events written by the store layer in the transaction of their cause, on SQLite. */
class ChangeEventsTest {
  private static final long T0 = 1_760_000_000_000L;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  Storage storage;

  @BeforeEach
  void open() {
    storage =
        StorageFactory.open(
            new StockbridgeConfig.Database(TestDatabases.sqliteUrl(dir), 4), new MutableClock(T0));
    storage.migrate();
  }

  @AfterEach
  void close() {
    storage.close();
  }

  private List<EventRecord> changes() {
    return storage
        .events()
        .search(
            new EventQuery(
                null,
                ChangeEvents.SOURCE,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                500,
                null))
        .events()
        .reversed();
  }

  private JsonNode payload(EventRecord event) throws Exception {
    return JSON.readTree(storage.events().payload(event.id()).orElseThrow().body());
  }

  private long outbox() {
    return ((JdbcStorage) storage)
        .jdbc()
        .read(
            c -> {
              try (var rs =
                  c.createStatement().executeQuery("SELECT COUNT(*) FROM change_outbox")) {
                rs.next();
                return rs.getLong(1);
              }
            });
  }

  @Test
  void a_changed_level_is_a_stock_changed_event_with_old_and_new_level_sku_and_product()
      throws Exception {
    storage
        .syncState()
        .putStoreProducts(
            List.of(
                StoreProduct.adopted("eu", 1001, "SKU-1", "gid://p/1", "gid://v/1", "gid://i/1")),
            T0);
    storage.syncState().putPushedLevels(List.of(new PushedLevel("eu", "gid://i/1", "L1", 5)), T0);
    storage.syncState().putPushedLevels(List.of(new PushedLevel("eu", "gid://i/1", "L1", 5)), T0);
    storage.syncState().putPushedLevels(List.of(new PushedLevel("eu", "gid://i/1", "L1", 3)), T0);

    List<EventRecord> events = changes();
    assertThat(events)
        .extracting(EventRecord::type)
        .containsExactly("product.upserted", "stock.changed", "stock.changed");
    assertThat(events).allSatisfy(e -> assertThat(e.key()).isEqualTo("SKU-1"));
    assertThat(events).allSatisfy(e -> assertThat(e.store()).isEqualTo("eu"));
    JsonNode first = payload(events.get(1));
    assertThat(first.get("version").asInt()).isEqualTo(1);
    assertThat(first.get("oldLevel").isNull()).isTrue();
    assertThat(first.get("newLevel").asInt()).isEqualTo(5);
    assertThat(first.get("productId").asLong()).isEqualTo(1001);
    JsonNode second = payload(events.get(2));
    assertThat(second.get("oldLevel").asInt()).isEqualTo(5);
    assertThat(second.get("newLevel").asInt()).isEqualTo(3);
    assertThat(second.get("locationId").asText()).isEqualTo("L1");
    assertThat(outbox()).isEqualTo(3);
  }

  /**
   * Each stock write's lookups and inserts are now prepared once per connection, the lookups padded
   * to a power of two with the last item repeated: writes of 3 and then 5 levels (lookups of 4 and
   * 8), again and again, still make exactly one event per changed level, with the old level.
   */
  @Test
  void
      writes_of_any_size_in_a_row_make_one_stock_changed_event_per_changed_level_with_its_old_level()
          throws Exception {
    List<StoreProduct> products = new java.util.ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      products.add(
          StoreProduct.adopted(
              "eu", i, "SKU-" + i, "gid://p/" + i, "gid://v/" + i, "gid://i/" + i));
    }
    storage.syncState().putStoreProducts(products, T0);
    for (int round = 1; round <= 3; round++) {
      List<PushedLevel> three = new java.util.ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        three.add(new PushedLevel("eu", "gid://i/" + i, "L1", round));
      }
      storage.syncState().putPushedLevels(three, T0);
      List<PushedLevel> five = new java.util.ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        // Items 1-3 as just written (no change), 4 and 5 moved by 10 each round.
        five.add(new PushedLevel("eu", "gid://i/" + i, "L1", i <= 3 ? round : 10 * round));
      }
      storage.syncState().putPushedLevels(five, T0);
    }
    List<EventRecord> stock =
        changes().stream().filter(e -> e.type().equals("stock.changed")).toList();
    assertThat(stock).hasSize(3 * 3 + 2 * 3);
    List<String> fifth = new java.util.ArrayList<>();
    for (EventRecord event : stock) {
      JsonNode body = payload(event);
      if (event.key().equals("SKU-5")) {
        fifth.add(body.get("oldLevel").asText() + ">" + body.get("newLevel").asInt());
      }
    }
    assertThat(fifth).containsExactly("null>10", "10>20", "20>30");
  }

  @Test
  void an_unchanged_id_map_line_makes_no_event_and_a_deleted_one_makes_product_deleted()
      throws Exception {
    StoreProduct line =
        StoreProduct.adopted("eu", 7, "SKU-7", "gid://p/7", "gid://v/7", "gid://i/7");
    storage.syncState().putStoreProducts(List.of(line), T0);
    storage.syncState().putStoreProducts(List.of(line), T0);
    storage
        .syncState()
        .putStoreProducts(
            List.of(
                new StoreProduct(
                    "eu",
                    7,
                    "SKU-7",
                    "gid://p/7",
                    "gid://v/7",
                    "gid://i/7",
                    null,
                    StoreProduct.State.DELETED)),
            T0);
    List<EventRecord> events = changes();
    assertThat(events)
        .extracting(EventRecord::type)
        .containsExactly("product.upserted", "product.deleted");
    assertThat(payload(events.get(0)).get("created").asBoolean()).isTrue();
    assertThat(payload(events.get(1)).get("state").asText()).isEqualTo("deleted");
  }

  @Test
  void a_change_whose_transaction_fails_leaves_neither_the_change_nor_its_event() {
    // The second row's NULL location violates NOT NULL: the whole write, events included, rolls
    // back.
    assertThatThrownBy(
            () ->
                storage
                    .syncState()
                    .putPushedLevels(
                        List.of(
                            new PushedLevel("eu", "gid://i/9", "L1", 4),
                            new PushedLevel("eu", "gid://i/9", null, 4)),
                        T0))
        .isInstanceOf(RuntimeException.class);
    assertThat(changes()).isEmpty();
    assertThat(outbox()).isZero();
    assertThat(storage.syncState().pushedLevels("eu", List.of("gid://i/9"))).isEmpty();
  }

  @Test
  void a_finished_reconciliation_is_a_reconciliation_completed_event() throws Exception {
    long run = storage.reconciliations().request("{}", "test", T0);
    storage
        .reconciliations()
        .recordFindings(
            run,
            io.stockbridge.flow.reconcile.Reconciliation.Status.COMPLETED,
            null,
            12,
            0,
            "{}",
            T0 + 5);
    List<EventRecord> events = changes();
    assertThat(events).extracting(EventRecord::type).containsExactly("reconciliation.completed");
    JsonNode body = payload(events.get(0));
    assertThat(body.get("runId").asLong()).isEqualTo(run);
    assertThat(body.get("checked").asLong()).isEqualTo(12);
    assertThat(body.get("status").asText()).isEqualTo("completed");
  }

  @Test
  void an_alert_issue_that_opens_is_an_alert_raised_event() throws Exception {
    storage
        .issues()
        .record(
            List.of(
                new io.stockbridge.store.IssueStore.Sighting(
                    "alert|DeadLetters",
                    io.stockbridge.store.Issue.ALERT_FLOW,
                    "queue",
                    "DeadLetters",
                    "dead letters above #",
                    "dead letters above 0",
                    T0,
                    T0,
                    List.of(T0))),
            T0);
    List<EventRecord> events = changes();
    assertThat(events).extracting(EventRecord::type).containsExactly("alert.raised");
    assertThat(payload(events.get(0)).get("name").asText()).isEqualTo("DeadLetters");
  }
}
