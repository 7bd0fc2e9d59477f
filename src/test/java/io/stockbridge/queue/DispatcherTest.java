package io.stockbridge.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.store.Storage;
import io.stockbridge.store.StorageFactory;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dispatcher on a real SQLite queue: leases renewed while a handler runs, outcomes applied. */
class DispatcherTest {
  @TempDir Path dir;
  Storage storage;

  @BeforeEach
  void open() {
    storage =
        StorageFactory.open(
            new StockbridgeConfig.Database(TestDatabases.sqliteUrl(dir), 4), Clock.systemUTC());
    storage.migrate();
  }

  @AfterEach
  void close() {
    storage.close();
  }

  private Dispatcher dispatcher(WorkHandler... handlers) {
    return new Dispatcher(
        storage.queue(),
        List.of(handlers),
        new QueueSettings(50, Duration.ofMillis(5), Duration.ofMillis(600), 100),
        "node-a",
        Clock.systemUTC(),
        new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), new Random(7)));
  }

  private static WorkHandler handler(
      String kind, java.util.function.Function<List<WorkItem>, List<Outcome>> body) {
    return new WorkHandler() {
      @Override
      public String kind() {
        return kind;
      }

      @Override
      public List<Outcome> handle(List<WorkItem> items) {
        return body.apply(items);
      }
    };
  }

  private void enqueue(String kind, int count) {
    List<NewWork> items = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      items.add(new NewWork(null, kind, null, null, 1, System.currentTimeMillis(), 3, null));
    }
    storage.queue().enqueue(items, System.currentTimeMillis());
  }

  @Test
  void a_handler_slower_than_the_lease_keeps_its_items_through_heartbeats() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    WorkHandler slow =
        handler(
            "slow",
            items -> {
              runs.incrementAndGet();
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return items.stream().map(i -> Outcome.done()).toList();
            });
    enqueue("slow", 1);
    try (Dispatcher dispatcher = dispatcher(slow)) {
      dispatcher.start();
      Eventually.await("handler started", Duration.ofSeconds(5), () -> runs.get() == 1);
      long until = System.currentTimeMillis() + 1500; // 2.5 leases
      Eventually.await(
          "time passes", Duration.ofSeconds(5), () -> System.currentTimeMillis() > until);
      assertThat(
              storage.queue().rescueExpired(System.currentTimeMillis(), System.currentTimeMillis()))
          .isZero();
      release.countDown();
      Eventually.await("settled", Duration.ofSeconds(5), () -> dispatcher.settledCount() == 1);
    }
    assertThat(runs.get()).isEqualTo(1);
  }

  @Test
  void outcomes_of_each_kind_are_applied_per_item() {
    WorkHandler mixed =
        handler(
            "mixed",
            items -> {
              List<Outcome> outcomes = new ArrayList<>();
              for (WorkItem item : items) {
                outcomes.add(
                    switch ((int) (item.id() % 3)) {
                      case 0 -> new Outcome.Dead("bad SKU");
                      case 1 ->
                          new Outcome.WaitFor(
                              "product:" + item.id(), "product not on the store yet");
                      default -> Outcome.done();
                    });
              }
              return outcomes;
            });
    enqueue("mixed", 9);
    try (Dispatcher dispatcher = dispatcher(mixed)) {
      dispatcher.start();
      Eventually.await("all settled", Duration.ofSeconds(5), () -> dispatcher.settledCount() == 9);
    }
    QueueStats stats = storage.queue().stats();
    assertThat(stats.dead()).isEqualTo(3);
    assertThat(stats.waiting()).isEqualTo(3);
    assertThat(stats.ready() + stats.running()).isZero();
  }

  @Test
  void
      a_handler_that_answers_for_the_wrong_number_of_items_fails_them_all_and_an_unknown_kind_dies() {
    WorkHandler wrong = handler("wrong", items -> List.of());
    enqueue("wrong", 2);
    enqueue("unknown", 1);
    try (Dispatcher dispatcher = dispatcher(wrong)) {
      dispatcher.start();
      Eventually.await(
          "all dead", Duration.ofSeconds(10), () -> storage.queue().stats().dead() == 3);
    }
    assertThat(storage.queue().dead("unknown", null, 10))
        .singleElement()
        .satisfies(d -> assertThat(d.lastError()).isEqualTo("no handler for kind unknown"));
    assertThat(storage.queue().dead("wrong", null, 10))
        .allSatisfy(
            d -> {
              assertThat(d.attempts()).isEqualTo(3);
              assertThat(d.lastError()).contains("returned 0 outcomes for");
            });
  }

  @Test
  void backoff_grows_exponentially_within_jitter_and_caps_at_the_maximum() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new Random(3));
    for (int attempt = 1; attempt <= 10; attempt++) {
      long full = Math.min(60_000, 1000L << (attempt - 1));
      long delay = backoff.delayAfter(attempt).toMillis();
      assertThat(delay).as("attempt " + attempt).isBetween(full / 2, full);
    }
  }
}
