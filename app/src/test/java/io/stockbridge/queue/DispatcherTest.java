package io.stockbridge.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.config.QueueSettings;
import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.connector.brightpearl.BrightpearlThrottledException;
import io.stockbridge.event.EventStatus;
import io.stockbridge.event.HistoryEntry;
import io.stockbridge.event.NewEvent;
import io.stockbridge.event.NewWork;
import io.stockbridge.store.Storage;
import io.stockbridge.store.wiring.StorageFactory;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.MutableClock;
import io.stockbridge.testhelper.TestDatabases;
import io.stockbridge.time.Backoff;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatcher on a real SQLite queue, driven by its ticks on a clock the test moves: leases
 * renewed while a handler runs, outcomes applied, attempts counted, retries bounded.
 */
class DispatcherTest {
  private static final long T0 = 1_800_000_000_000L;
  private static final QueueSettings SETTINGS =
      new QueueSettings(50, Duration.ofMillis(5), Duration.ofMillis(600), 100);
  private static final Duration BACKOFF_MAX = Duration.ofMillis(5);

  @TempDir Path dir;
  final MutableClock clock = new MutableClock(T0);
  Storage storage;

  @BeforeEach
  void open() {
    storage =
        StorageFactory.open(new StockbridgeConfig.Database(TestDatabases.sqliteUrl(dir), 4), clock);
    storage.migrate();
  }

  @AfterEach
  void close() {
    storage.close();
  }

  /** Handlers run inside {@link Dispatcher#claimTick}. */
  private Dispatcher dispatcher(WorkHandler... handlers) {
    return dispatcher(SETTINGS, Runnable::run, handlers);
  }

  private Dispatcher dispatcher(QueueSettings settings, Executor runOn, WorkHandler... handlers) {
    return new Dispatcher(
        storage.queue(),
        List.of(handlers),
        settings,
        "node-a",
        clock,
        new Backoff(Duration.ofMillis(1), BACKOFF_MAX, new Random(7)),
        runOn,
        clock);
  }

  private static WorkHandler handler(String kind, Function<List<WorkItem>, List<Outcome>> body) {
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
      items.add(new NewWork(null, kind, null, null, 1, clock.millis(), 3, null));
    }
    storage.queue().enqueue(items, clock.millis());
  }

  private long appendEvent(String kind, int maxAttempts) {
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
                    List.of(
                        new NewWork(
                            null, kind, null, null, 1, clock.millis(), maxAttempts, null)))),
            clock.millis())
        .get(0)
        .eventId();
  }

  /** One claim and the settlement of what it ran. */
  private static Dispatcher.Pause runOnce(Dispatcher dispatcher) {
    Dispatcher.Pause pause = dispatcher.claimTick();
    dispatcher.settleTick();
    return pause;
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
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Dispatcher dispatcher = dispatcher(SETTINGS, threads, slow);
      dispatcher.claimTick(); // leased until T0 + 600
      for (int i = 0; i < 5; i++) {
        clock.advance(Duration.ofMillis(200));
        assertThat(dispatcher.heartbeatTick()).isEqualTo(1);
      }
      // 1,000 ms later: 1.7 leases past the claim, and nothing to rescue.
      assertThat(storage.queue().rescueExpired(clock.millis(), clock.millis())).isZero();
      release.countDown();
      Eventually.await("settled", Duration.ofSeconds(5), () -> dispatcher.settleTick() == 1);
    }
    assertThat(runs.get()).isEqualTo(1);
    assertThat(storage.queue().stats()).isEqualTo(new QueueStats(0, 0, 0, 0));
  }

  @Test
  void stopping_while_the_claimer_claims_leaves_no_claimed_item_unhandled() throws Exception {
    // Stopping shut the handler threads down under a claim in progress: its items stayed running,
    // unhandled, until their lease ran out ("claiming work failed, retrying: null").
    for (int round = 0; round < 20; round++) {
      enqueue("work", 500);
      java.util.concurrent.atomic.AtomicInteger handled =
          new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.ExecutorService threads =
          java.util.concurrent.Executors.newFixedThreadPool(2);
      Dispatcher dispatcher =
          dispatcher(
              new QueueSettings(10, Duration.ofMillis(1), Duration.ofSeconds(600), 100),
              threads,
              handler(
                  "work",
                  items -> {
                    handled.addAndGet(items.size());
                    return items.stream().map(i -> (Outcome) new Outcome.Done("ok")).toList();
                  }));
      dispatcher.start();
      io.stockbridge.testhelper.Eventually.await(
          "some items handled", Duration.ofSeconds(30), () -> handled.get() > 0);
      dispatcher.stop(Duration.ofSeconds(10));
      threads.shutdownNow();
      assertThat(storage.queue().stats().running()).as("round " + round).isZero();
    }
  }

  @Test
  void without_heartbeats_a_lease_runs_out_and_the_item_is_rescued() {
    enqueue("slow", 1);
    Dispatcher dispatcher = dispatcher(SETTINGS, task -> {}, handler("slow", items -> List.of()));
    dispatcher.claimTick();

    clock.advance(Duration.ofMillis(601));

    assertThat(storage.queue().rescueExpired(clock.millis(), clock.millis())).isEqualTo(1);
  }

  @Test
  void a_trickle_gathers_for_a_poll_interval_a_full_claim_claims_again_and_nothing_idles() {
    WorkHandler done = handler("k", items -> items.stream().map(i -> Outcome.done()).toList());
    QueueSettings small = new QueueSettings(2, Duration.ofMillis(5), Duration.ofMillis(600), 100);
    Dispatcher dispatcher = dispatcher(small, Runnable::run, done);
    enqueue("k", 3);

    assertThat(runOnce(dispatcher)).isEqualTo(Dispatcher.Pause.NONE);
    assertThat(dispatcher.hasBacklog()).isTrue();
    assertThat(runOnce(dispatcher)).isEqualTo(Dispatcher.Pause.GATHER);
    assertThat(runOnce(dispatcher)).isEqualTo(Dispatcher.Pause.IDLE);
    assertThat(dispatcher.settledCount()).isEqualTo(3);
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

    runOnce(dispatcher(mixed));

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
    Dispatcher dispatcher = dispatcher(wrong);

    for (int run = 0; run < 3; run++) {
      runOnce(dispatcher);
      clock.advance(BACKOFF_MAX);
    }

    assertThat(storage.queue().stats().dead()).isEqualTo(3);
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
    Duration floor = Duration.ofMillis(40);
    Dispatcher dispatcher =
        dispatcher(
            new QueueSettings(50, Duration.ofMillis(5), Duration.ofMillis(600), 100, floor, 3),
            Runnable::run,
            spinning);

    for (int retry = 1; retry <= 3; retry++) {
      runOnce(dispatcher);
      assertThat(runs.get()).isEqualTo(retry);
      clock.advance(floor.minusMillis(1));
      assertThat(runOnce(dispatcher)).as("not before the floor").isEqualTo(Dispatcher.Pause.IDLE);
      clock.advance(Duration.ofMillis(1));
    }
    // Beyond 3 free retries each RetryAfter spends an attempt: 2 more runs, then dead.
    for (int run = 0; run < 2; run++) {
      runOnce(dispatcher);
      clock.advance(BACKOFF_MAX);
    }
    assertThat(runOnce(dispatcher)).isEqualTo(Dispatcher.Pause.IDLE);

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
    assertThat(storage.events().find(eventId).orElseThrow().status()).isEqualTo(EventStatus.DEAD);
  }

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
    List<Integer> attempts = new ArrayList<>();
    WorkHandler throttled =
        handler(
            "throttled",
            items -> {
              attempts.add(items.get(0).attempt());
              if (attempts.size() == 1) {
                throw new BrightpearlThrottledException("budget exhausted", Duration.ofMillis(1));
              }
              return List.of(Outcome.done());
            });
    long eventId = appendEvent("throttled", 3);
    Dispatcher dispatcher = dispatcher(throttled);

    runOnce(dispatcher);
    clock.advance(QueueSettings.DEFAULT_MIN_RETRY_DELAY);
    runOnce(dispatcher);

    assertThat(attempts).containsExactly(1, 1);
    assertThat(storage.events().find(eventId).orElseThrow().status())
        .isEqualTo(EventStatus.SUCCEEDED);
    assertThat(storage.events().history(eventId))
        .extracting(HistoryEntry::status)
        .contains(EventStatus.RETRYING)
        .doesNotContain(EventStatus.FAILED);
  }

  @Test
  void started_it_runs_the_ticks_on_its_own_threads_until_stopped() {
    WorkHandler done = handler("k", items -> items.stream().map(i -> Outcome.done()).toList());
    enqueue("k", 5);
    try (Dispatcher dispatcher =
        new Dispatcher(
            storage.queue(),
            List.of(done),
            SETTINGS,
            "node-a",
            clock,
            new Backoff(Duration.ofMillis(1), BACKOFF_MAX, new Random(7)))) {
      dispatcher.start();
      Eventually.await("all settled", Duration.ofSeconds(5), () -> dispatcher.settledCount() == 5);
    }
    assertThat(storage.queue().stats()).isEqualTo(new QueueStats(0, 0, 0, 0));
  }
}
