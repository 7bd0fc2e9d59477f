package io.stockbridge.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockbridge.event.EventLog;
import io.stockbridge.event.EventQuery;
import io.stockbridge.event.EventRecord;
import io.stockbridge.event.NewEvent;
import io.stockbridge.event.NewWork;
import io.stockbridge.queue.Settlement;
import io.stockbridge.queue.WorkItem;
import io.stockbridge.store.Storage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Batch counting and the completion barrier, on each engine (a subclass per engine). */
public abstract class BatchContractTest {
  protected static final long T0 = 1_800_000_000_000L;

  protected Storage storage;

  protected abstract Storage openStorage();

  protected void cleanUp() {}

  @BeforeEach
  void open() {
    storage = openStorage();
    storage.migrate();
  }

  @AfterEach
  void close() {
    storage.close();
    cleanUp();
  }

  private List<Long> appendTagged(long batchId, int count, String prefix) {
    List<NewEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(
          new NewEvent(
              "generic",
              "stock.changed",
              prefix + i,
              "shop-a",
              prefix + "-dedupe-" + i,
              "trace",
              batchId,
              "application/json",
              "{}".getBytes(StandardCharsets.UTF_8),
              List.of(new NewWork(null, "stock.sync", prefix + i, "shop-a", 10, T0, 3, null))));
    }
    return storage.events().append(events, T0).stream().map(r -> r.eventId()).toList();
  }

  private List<WorkItem> claim(String kind, int limit, long now) {
    return storage.queue().claim("node-a", limit, now, now + 60_000).stream()
        .filter(i -> i.kind().equals(kind))
        .toList();
  }

  private void settleAllDone(List<WorkItem> items, long now) {
    storage
        .queue()
        .settle(
            items.stream().map(i -> (Settlement) new Settlement.Done(i, "ok")).toList(),
            "node-a",
            now);
  }

  private List<EventRecord> completions() {
    return storage
        .events()
        .search(
            new EventQuery(
                null,
                "stockbridge",
                "batch.completed",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                100))
        .events();
  }

  private Batch batch(long id) {
    return storage.batches().find(id).orElseThrow();
  }

  @Test
  void a_closed_batch_completes_once_when_its_last_member_succeeds() {
    Batch opened = storage.batches().open("api", "import 1", "test", List.of("shop-a"), T0);
    assertThat(opened.state()).isEqualTo(BatchState.OPEN);
    appendTagged(opened.id(), 5, "a");
    storage.batches().close(opened.id(), T0 + 1);
    Batch closed = batch(opened.id());
    assertThat(closed.state()).isEqualTo(BatchState.CLOSED);
    assertThat(closed.total()).isEqualTo(5);
    assertThat(closed.pending()).isEqualTo(5);

    List<WorkItem> items = claim("stock.sync", 10, T0 + 2);
    assertThat(items).hasSize(5);
    settleAllDone(items.subList(0, 4), T0 + 3);
    assertThat(batch(opened.id()).succeeded()).isEqualTo(4);
    assertThat(batch(opened.id()).state()).isEqualTo(BatchState.CLOSED);
    assertThat(completions()).isEmpty();

    settleAllDone(items.subList(4, 5), T0 + 4);
    Batch done = batch(opened.id());
    assertThat(done.state()).isEqualTo(BatchState.COMPLETED);
    assertThat(done.succeeded()).isEqualTo(5);
    assertThat(done.completedAt()).isEqualTo(T0 + 4);
    List<EventRecord> completed = completions();
    assertThat(completed).hasSize(1);
    assertThat(completed.get(0).key()).isEqualTo(Long.toString(opened.id()));
    assertThat(done.completionEventId()).isEqualTo(completed.get(0).id());
    String payload =
        new String(
            storage.events().payload(completed.get(0).id()).orElseThrow().body(),
            StandardCharsets.UTF_8);
    assertThat(payload)
        .contains("\"version\":1")
        .contains("\"succeeded\":5")
        .contains("\"rebuildReadModels\":[\"shop-a\"]");
    // The next stage is queued with the completion, in the same transaction.
    List<WorkItem> stage = claim(BatchStages.KIND, 10, T0 + 5);
    assertThat(stage).hasSize(1);
    assertThat(stage.get(0).args()).contains("\"batchId\":" + opened.id());
  }

  @Test
  void an_open_batch_does_not_complete_however_its_members_end() {
    Batch opened = storage.batches().open("api", "still open", "test", List.of(), T0);
    appendTagged(opened.id(), 3, "o");
    settleAllDone(claim("stock.sync", 10, T0 + 1), T0 + 2);
    assertThat(batch(opened.id()).succeeded()).isEqualTo(3);
    assertThat(batch(opened.id()).state()).isEqualTo(BatchState.OPEN);
    assertThat(completions()).isEmpty();
    // Closing it when everything has ended completes it in the closing transaction.
    storage.batches().close(opened.id(), T0 + 3);
    assertThat(batch(opened.id()).state()).isEqualTo(BatchState.COMPLETED);
    assertThat(completions()).hasSize(1);
  }

  @Test
  void an_empty_batch_completes_when_closed() {
    long id = storage.events().openBatch("replay", "nothing matched", T0);
    storage.events().closeBatch(id, T0 + 1);
    assertThat(batch(id).state()).isEqualTo(BatchState.COMPLETED);
    assertThat(batch(id).total()).isZero();
    assertThat(completions()).hasSize(1);
  }

  @Test
  void counts_follow_failures_retries_and_dead_letters() {
    Batch opened = storage.batches().open("api", "retries", "test", List.of(), T0);
    appendTagged(opened.id(), 3, "r");
    storage.batches().close(opened.id(), T0);
    List<WorkItem> items = claim("stock.sync", 10, T0 + 1);
    storage
        .queue()
        .settle(
            List.of(
                new Settlement.Failure(items.get(0), T0 + 10, "boom", "IOException", "[]"),
                new Settlement.Retry(items.get(1), T0 + 10, "throttled"),
                new Settlement.Dead(items.get(2), "refused", "Refused", "[]")),
            "node-a",
            T0 + 2);
    Batch afterFirst = batch(opened.id());
    assertThat(afterFirst.failed()).isEqualTo(1);
    assertThat(afterFirst.dead()).isEqualTo(1);
    assertThat(afterFirst.succeeded()).isZero();
    assertThat(afterFirst.pending()).isEqualTo(2);

    // The failed one succeeds on its retry: failed goes back down.
    List<WorkItem> again = claim("stock.sync", 10, T0 + 20);
    assertThat(again).hasSize(2);
    settleAllDone(again, T0 + 21);
    Batch done = batch(opened.id());
    assertThat(done.failed()).isZero();
    assertThat(done.succeeded()).isEqualTo(2);
    assertThat(done.dead()).isEqualTo(1);
    assertThat(done.state()).isEqualTo(BatchState.COMPLETED);
    assertThat(completions()).hasSize(1);
  }

  @Test
  void a_dead_event_with_a_live_item_on_another_store_is_not_counted_as_ended() {
    Batch opened = storage.batches().open("api", "two stores", "test", List.of(), T0);
    long eventId =
        storage
            .events()
            .append(
                List.of(
                    new NewEvent(
                        "generic",
                        "stock.changed",
                        "SKU-1",
                        null,
                        "two-stores",
                        "trace",
                        opened.id(),
                        "application/json",
                        "{}".getBytes(StandardCharsets.UTF_8),
                        List.of(
                            new NewWork(null, "stock.sync", "a|1", "shop-a", 10, T0, 3, null),
                            new NewWork(null, "stock.sync", "b|1", "shop-b", 10, T0, 3, null)))),
                T0)
            .get(0)
            .eventId();
    storage.batches().close(opened.id(), T0);
    List<WorkItem> items = claim("stock.sync", 10, T0 + 1);
    assertThat(items).hasSize(2);
    storage
        .queue()
        .settle(
            List.of(new Settlement.Dead(items.get(0), "refused", "Refused", "[]")),
            "node-a",
            T0 + 2);
    assertThat(storage.events().find(eventId).orElseThrow().status().dbValue()).isEqualTo("dead");
    assertThat(batch(opened.id()).dead()).isZero();
    assertThat(batch(opened.id()).state()).isEqualTo(BatchState.CLOSED);
    settleAllDone(items.subList(1, 2), T0 + 3);
    assertThat(batch(opened.id()).dead()).isEqualTo(1);
    assertThat(batch(opened.id()).state()).isEqualTo(BatchState.COMPLETED);
    assertThat(completions()).hasSize(1);
  }

  @Test
  void a_replay_counts_in_its_own_batch_and_never_completes_the_first_one_twice() {
    Batch first = storage.batches().open("api", "first", "test", List.of(), T0);
    List<Long> ids = appendTagged(first.id(), 2, "p");
    storage.batches().close(first.id(), T0);
    settleAllDone(claim("stock.sync", 10, T0 + 1), T0 + 2);
    assertThat(batch(first.id()).state()).isEqualTo(BatchState.COMPLETED);

    long replay = storage.events().openBatch("replay", "replay", T0 + 3);
    List<EventLog.Requeue> requeues = new ArrayList<>();
    for (long id : ids) {
      requeues.add(
          new EventLog.Requeue(
              id, List.of(new NewWork(null, "stock.sync", "p" + id, "shop-a", 10, T0, 3, null))));
    }
    storage.events().requeue(requeues, replay, "replayed", T0 + 3);
    storage.events().closeBatch(replay, T0 + 3);
    // Both batches count the requeued events as pending again; the first stays completed.
    assertThat(batch(first.id()).pending()).isEqualTo(2);
    assertThat(batch(first.id()).state()).isEqualTo(BatchState.COMPLETED);
    assertThat(batch(replay).total()).isEqualTo(2);
    assertThat(batch(replay).state()).isEqualTo(BatchState.CLOSED);

    settleAllDone(claim("stock.sync", 10, T0 + 4), T0 + 5);
    assertThat(batch(replay).state()).isEqualTo(BatchState.COMPLETED);
    assertThat(batch(first.id()).succeeded()).isEqualTo(2);
    assertThat(completions())
        .extracting(EventRecord::key)
        .containsExactlyInAnyOrder(Long.toString(first.id()), Long.toString(replay));
  }

  @Test
  void a_lease_rescue_that_kills_the_last_member_completes_the_batch() {
    Batch opened = storage.batches().open("api", "rescued", "test", List.of(), T0);
    storage
        .events()
        .append(
            List.of(
                new NewEvent(
                    "generic",
                    "stock.changed",
                    "X",
                    "shop-a",
                    "rescued-1",
                    "trace",
                    opened.id(),
                    "application/json",
                    "{}".getBytes(StandardCharsets.UTF_8),
                    List.of(new NewWork(null, "stock.sync", "X", "shop-a", 10, T0, 1, null)))),
            T0);
    storage.batches().close(opened.id(), T0);
    assertThat(claim("stock.sync", 10, T0 + 1)).hasSize(1);
    // The node died: its lease expires with the only attempt spent, so the item goes dead.
    storage.queue().rescueExpired(T0 + 120_000, T0 + 120_000);
    assertThat(batch(opened.id()).dead()).isEqualTo(1);
    assertThat(batch(opened.id()).state()).isEqualTo(BatchState.COMPLETED);
    assertThat(completions()).hasSize(1);
  }

  @Test
  void closing_is_refused_for_a_missing_or_closed_batch() {
    assertThatThrownBy(() -> storage.batches().close(999_999, T0))
        .isInstanceOf(BatchException.class)
        .hasMessageContaining("no batch with id 999999")
        .matches(e -> ((BatchException) e).missing());
    Batch opened = storage.batches().open("api", "once", "test", List.of(), T0);
    storage.batches().close(opened.id(), T0);
    assertThatThrownBy(() -> storage.batches().close(opened.id(), T0))
        .isInstanceOf(BatchException.class)
        .hasMessageContaining("is completed, not open");
  }

  @Test
  void reference_batches_are_never_barriers() {
    long id = storage.events().createBatch("stock.sync shop-a events 1-5", 5, T0);
    Batch reference = batch(id);
    assertThat(reference.state()).isEqualTo(BatchState.REFERENCE);
    assertThat(reference.expected()).isEqualTo(5);
    assertThat(storage.batches().list(BatchState.REFERENCE, null, 10))
        .extracting(Batch::id)
        .contains(id);
    assertThat(completions()).isEmpty();
  }

  @Test
  void settlers_racing_on_the_last_members_complete_the_batch_exactly_once() throws Exception {
    int rounds = 5;
    for (int round = 0; round < rounds; round++) {
      Batch opened = storage.batches().open("api", "race " + round, "test", List.of(), T0);
      appendTagged(opened.id(), 8, "race" + round + "-");
      storage.batches().close(opened.id(), T0);
      List<WorkItem> items = claim("stock.sync", 100, T0 + 1 + round);
      assertThat(items).hasSize(8);
      long settleAt = T0 + 2 + round;
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (WorkItem item : items) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  settleAllDone(List.of(item), settleAt);
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : futures) {
        future.get();
      }
      pool.shutdown();
      assertThat(batch(opened.id()).succeeded()).isEqualTo(8);
      assertThat(batch(opened.id()).state()).isEqualTo(BatchState.COMPLETED);
    }
    assertThat(completions()).hasSize(rounds);
  }
}
