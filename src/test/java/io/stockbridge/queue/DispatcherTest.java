package io.stockbridge.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.event.EventStatus;
import io.stockbridge.event.HistoryEntry;
import io.stockbridge.event.NewEvent;
import io.stockbridge.store.Storage;
import io.stockbridge.store.StorageFactory;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.TestDatabases;
import java.nio.charset.StandardCharsets;
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

  private static final QueueSettings SETTINGS =
      new QueueSettings(50, Duration.ofMillis(5), Duration.ofMillis(600), 100);

  private Dispatcher dispatcher(WorkHandler... handlers) {
    return dispatcher(SETTINGS, handlers);
  }

  private Dispatcher dispatcher(QueueSettings settings, WorkHandler... handlers) {
    return new Dispatcher(
        storage.queue(),
        List.of(handlers),
        settings,
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

  private long appendEvent(String kind, int maxAttempts) {
    long now = System.currentTimeMillis();
    return storage
        .events()
        .append(
            List.of(
                new NewEvent(
                    "generic",
                    "stock.changed",
                    "SKU-1",
                    null,
                    null,
                    "trace-1",
                    null,
                    "application/json",
                    "{}".getBytes(StandardCharsets.UTF_8),
                    List.of(new NewWork(null, kind, null, null, 1, now, maxAttempts, null)))),
            now)
        .get(0)
        .eventId();
  }

  @Test
  void a_zero_wait_retry_after_cannot_loop_68_failed_steps_all_attempt_1_retry_in_0_ms() {
    // The bug: a RetryAfter with no delay never spent an attempt, so one event ran 68 times at once
    // (history "failed", "attempt=1 retry in 0 ms"), re-reading Brightpearl every time.
    AtomicInteger runs = new AtomicInteger();
    WorkHandler spinning =
        handler(
            "spin",
            items -> {
              runs.incrementAndGet();
              return items.stream()
                  .map(i -> (Outcome) new Outcome.RetryAfter(Duration.ZERO, "throttled"))
                  .toList();
            });
    long eventId = appendEvent("spin", 2);
    QueueSettings bounded =
        new QueueSettings(50, Duration.ofMillis(5), Duration.ofMillis(600), 100, FLOOR, 3);
    try (Dispatcher dispatcher = dispatcher(bounded, spinning)) {
      dispatcher.start();
      Eventually.await(
          "the item gives up", Duration.ofSeconds(10), () -> storage.queue().stats().dead() == 1);
    }

    // 3 free retries at the floor, then each RetryAfter spends an attempt: 2 more runs, then dead.
    assertThat(runs.get()).isEqualTo(5);
    List<HistoryEntry> settled =
        storage.events().history(eventId).stream()
            .filter(
                h ->
                    h.status() != EventStatus.RECEIVED
                        && h.status() != EventStatus.QUEUED
                        && h.status() != EventStatus.PROCESSING)
            .toList();
    assertThat(settled)
        .extracting(HistoryEntry::status)
        .containsExactly(
            EventStatus.RETRYING,
            EventStatus.RETRYING,
            EventStatus.RETRYING,
            EventStatus.FAILED,
            EventStatus.DEAD);
    assertThat(settled).extracting(HistoryEntry::attempt).containsExactly(1, 1, 1, 1, 2);
    assertThat(settled.get(0).detail())
        .isEqualTo("retry 1 of 3 without progress in 40 ms: throttled");
    assertThat(settled.get(3).detail())
        .startsWith("retried 3 times without progress; attempt 1 of 2 failed, retry in ");
    assertThat(storage.queue().dead(null, null, 10))
        .singleElement()
        .satisfies(
            dead -> {
              assertThat(dead.errorType()).isEqualTo(RetriesExhaustedException.class.getName());
              assertThat(dead.attempts()).isEqualTo(2);
            });
    // A run after a retry starts at least the floor after the run before it.
    List<HistoryEntry> all = storage.events().history(eventId);
    for (int i = 2; i < all.size(); i++) {
      if (all.get(i).status() == EventStatus.PROCESSING
          && all.get(i - 1).status() == EventStatus.RETRYING) {
        assertThat(all.get(i).at() - all.get(i - 2).at())
            .as("from run to run after a retry")
            .isGreaterThanOrEqualTo(FLOOR.toMillis());
      }
    }
    assertThat(storage.events().find(eventId).orElseThrow().status()).isEqualTo(EventStatus.DEAD);
  }

  private static final Duration FLOOR = Duration.ofMillis(40);

  @Test
  void each_outcome_says_whether_its_run_spends_an_attempt() {
    Dispatcher dispatcher = dispatcher();
    WorkItem item = new WorkItem(1, 7L, "k", null, null, 1, 1, 3, 0, null, 0, 0);
    long now = 1_000;
    assertThat(dispatcher.settlementOf(item, Outcome.done(), now).spendsAttempt()).isTrue();
    assertThat(dispatcher.settlementOf(item, new Outcome.Failed(new IllegalStateException()), now))
        .isInstanceOf(Settlement.Failure.class)
        .satisfies(s -> assertThat(s.spendsAttempt()).isTrue());
    assertThat(dispatcher.settlementOf(item, new Outcome.Dead("bad"), now).spendsAttempt())
        .isTrue();
    assertThat(dispatcher.settlementOf(item, new Outcome.WaitFor("dep", "later"), now))
        .isInstanceOf(Settlement.Wait.class)
        .satisfies(s -> assertThat(s.spendsAttempt()).isFalse());
    assertThat(dispatcher.settlementOf(item, new Outcome.RetryAfter(Duration.ZERO, "slow"), now))
        .isInstanceOfSatisfying(
            Settlement.Retry.class,
            retry -> {
              assertThat(retry.spendsAttempt()).isFalse();
              assertThat(retry.runAfter())
                  .isEqualTo(now + QueueSettings.DEFAULT_MIN_RETRY_DELAY.toMillis());
            });
    assertThat(
            dispatcher
                .settlementOf(item, new Outcome.RetryAfter(Duration.ofSeconds(3), "throttled"), now)
                .detail())
        .isEqualTo("retry 1 of 20 without progress in 3000 ms: throttled");
    WorkItem retriedEnough =
        new WorkItem(
            1,
            7L,
            "k",
            null,
            null,
            1,
            1,
            3,
            QueueSettings.DEFAULT_MAX_RETRIES_WITHOUT_PROGRESS,
            null,
            0,
            0);
    assertThat(
            dispatcher.settlementOf(
                retriedEnough, new Outcome.RetryAfter(Duration.ZERO, "slow"), now))
        .isInstanceOf(Settlement.Failure.class)
        .satisfies(s -> assertThat(s.spendsAttempt()).isTrue());
  }

  @Test
  void a_handler_that_throws_a_retry_later_error_is_retried_without_spending_an_attempt() {
    AtomicInteger runs = new AtomicInteger();
    WorkHandler throttled =
        handler(
            "throttled",
            items -> {
              if (runs.incrementAndGet() == 1) {
                throw new io.stockbridge.connector.brightpearl.BrightpearlThrottledException(
                    "budget exhausted", Duration.ofMillis(1));
              }
              if (items.get(0).attempt() != 1) {
                throw new IllegalStateException("attempt " + items.get(0).attempt());
              }
              return List.of(Outcome.done());
            });
    long eventId = appendEvent("throttled", 3);
    try (Dispatcher dispatcher = dispatcher(throttled)) {
      dispatcher.start();
      Eventually.await(
          "done",
          Duration.ofSeconds(10),
          () -> storage.events().find(eventId).orElseThrow().status() == EventStatus.SUCCEEDED);
    }
    assertThat(runs.get()).isEqualTo(2);
    assertThat(storage.events().history(eventId))
        .extracting(HistoryEntry::status)
        .contains(EventStatus.RETRYING)
        .doesNotContain(EventStatus.FAILED);
  }
}
