package io.stockbridge.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.store.Storage;
import io.stockbridge.store.wiring.StorageFactory;
import io.stockbridge.sync.PushedLevel;
import io.stockbridge.testhelper.MutableClock;
import io.stockbridge.testhelper.Slow;
import io.stockbridge.testhelper.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DeliveryStore#due} on a real SQLite file: per key, nothing behind a delivery waiting for
 * its retry, and a key blocked with a long backlog (more than one page of due rows) does not hide
 * the other keys' deliveries.
 */
@Slow
class DueDeliveriesTest {
  private static final long T0 = 1_760_000_000_000L;
  private static final List<Duration> SCHEDULE = List.of(Duration.ZERO, Duration.ofMinutes(5));

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

  private void levels(String sku, int count, long at) {
    for (int i = 1; i <= count; i++) { // one call per level: one change event each
      storage
          .syncState()
          .putPushedLevels(List.of(new PushedLevel("shop", "gid://i/" + sku, "L1", i)), at);
    }
  }

  private void route() {
    DeliveryStore store = storage.deliveries();
    SubscriberFilter all = new SubscriberFilter("hook", List.of(), List.of(), Optional.empty());
    while (store.route(List.of(all), 1000, T0) > 0) {
      // until the outbox is empty
    }
  }

  @Test
  void a_key_waiting_for_its_retry_holds_back_only_its_own_later_deliveries() {
    DeliveryStore store = storage.deliveries();
    store.ensure("hook", T0);
    levels("A", 2100, T0); // more than one page of due rows behind A's first delivery
    levels("B", 3, T0);
    levels("C", 2, T0);
    route();

    List<Delivery> first = store.due("hook", true, 5000, T0);
    assertThat(first).hasSize(2105);
    assertThat(first).extracting(Delivery::id).isSorted();
    Delivery headOfA = first.getFirst();
    store.settle(
        "hook", List.of(AttemptResult.failed(headOfA.id(), 503, 1, "down")), SCHEDULE, T0 + 1);

    List<Delivery> due = store.due("hook", true, 10, T0 + 2);
    assertThat(due).extracting(Delivery::key).doesNotContain(headOfA.key()).hasSize(5);
    assertThat(due).extracting(Delivery::id).isSorted();
    // unordered: A's later deliveries go meanwhile (its head is not due yet)
    assertThat(store.due("hook", false, 10, T0 + 2))
        .extracting(Delivery::key)
        .containsOnly(headOfA.key());
    // once A's retry is due, A comes first again, in order
    List<Delivery> later = store.due("hook", true, 3, T0 + Duration.ofMinutes(6).toMillis());
    assertThat(later.getFirst().id()).isEqualTo(headOfA.id());
    assertThat(later).extracting(Delivery::id).isSorted().hasSize(3);
    assertThat(later.getFirst().payload()).isNotNull();
  }
}
