package io.stockbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockbridge.auth.AccessKeyStore;
import io.stockbridge.auth.ApiKeyVerifier;
import io.stockbridge.auth.ApiKeys;
import io.stockbridge.auth.Role;
import io.stockbridge.auth.Sessions;
import io.stockbridge.event.AppendResult;
import io.stockbridge.event.EventLog;
import io.stockbridge.event.EventQuery;
import io.stockbridge.event.EventRecord;
import io.stockbridge.event.EventStatus;
import io.stockbridge.event.HistoryEntry;
import io.stockbridge.event.NewEvent;
import io.stockbridge.event.NewWork;
import io.stockbridge.queue.Pauses;
import io.stockbridge.queue.Settlement;
import io.stockbridge.queue.WorkItem;
import io.stockbridge.ratelimit.BudgetStateStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one behaviour every storage engine must have; run by a subclass per engine. */
public abstract class StorageContractTest {
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

  static NewWork work(String kind, String key, int priority, long runAfter) {
    return new NewWork(null, kind, key, null, priority, runAfter, 3, null);
  }

  static NewEvent event(String dedupeKey, String key, List<NewWork> work) {
    return new NewEvent(
        "generic",
        "stock.changed",
        key,
        "shop-a",
        dedupeKey,
        "trace-" + key,
        null,
        "application/json",
        ("{\"key\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8),
        work);
  }

  private long appendOne(String key, List<NewWork> work) {
    return storage.events().append(List.of(event(null, key, work)), T0).get(0).eventId();
  }

  @Test
  void append_stores_metadata_payload_history_and_work_in_one_go() {
    List<AppendResult> results =
        storage
            .events()
            .append(List.of(event("d1", "SKU-1", List.of(work("k", "SKU-1", 5, T0)))), T0);

    assertThat(results).hasSize(1);
    long id = results.get(0).eventId();
    EventRecord stored = storage.events().find(id).orElseThrow();
    assertThat(stored.status()).isEqualTo(EventStatus.QUEUED);
    assertThat(stored.key()).isEqualTo("SKU-1");
    assertThat(stored.store()).isEqualTo("shop-a");
    assertThat(stored.receivedAt()).isEqualTo(T0);
    assertThat(
            new String(storage.events().payload(id).orElseThrow().body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"key\":\"SKU-1\"}");
    assertThat(storage.events().history(id))
        .extracting(HistoryEntry::status)
        .containsExactly(EventStatus.RECEIVED, EventStatus.QUEUED);
    assertThat(storage.queue().stats().ready()).isEqualTo(1);
  }

  @Test
  void an_events_received_and_queued_steps_are_read_from_its_row_not_written_as_history_rows() {
    long two =
        appendOne("SKU-2", List.of(work("stock.push", "SKU-2", 5, T0), work("b", null, 5, T0)));
    long none = appendOne("SKU-3", List.of());

    // Id 0: not rows of the history table (ingestion writes none), read from the event itself.
    assertThat(storage.events().history(two))
        .extracting(HistoryEntry::id, HistoryEntry::status, HistoryEntry::at, HistoryEntry::detail)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                0L, EventStatus.RECEIVED, T0, "received from generic as stock.changed"),
            org.assertj.core.groups.Tuple.tuple(
                0L, EventStatus.QUEUED, T0, "queued for stock.push, b"));
    assertThat(storage.events().history(none))
        .extracting(HistoryEntry::status, HistoryEntry::detail)
        .last()
        .isEqualTo(org.assertj.core.groups.Tuple.tuple(EventStatus.QUEUED, "no flow subscribes"));
    // Later steps are rows, after the two.
    WorkItem item = storage.queue().claim("n1", 10, T0, T0 + 30_000).get(0);
    storage.queue().settle(List.of(new Settlement.Done(item, "pushed")), "n1", T0 + 5);
    assertThat(storage.events().history(item.eventId()))
        .extracting(HistoryEntry::status)
        .startsWith(EventStatus.RECEIVED, EventStatus.QUEUED)
        .last()
        .satisfies(last -> assertThat(last).isIn(EventStatus.SUCCEEDED, EventStatus.PROCESSING));
    assertThat(storage.events().history(item.eventId()).getLast().id()).isPositive();
  }

  @Test
  void append_recognises_a_duplicate_dedupe_key_across_and_within_batches() {
    long first =
        storage
            .events()
            .append(List.of(event("same", "A", List.of(work("k", null, 1, T0)))), T0)
            .get(0)
            .eventId();

    List<AppendResult> again =
        storage
            .events()
            .append(
                List.of(
                    event("same", "A", List.of(work("k", null, 1, T0))),
                    event("new", "B", List.of(work("k", null, 1, T0))),
                    event("new", "B", List.of(work("k", null, 1, T0)))),
                T0);

    assertThat(again.get(0)).isEqualTo(new AppendResult(first, true));
    assertThat(again.get(1).duplicate()).isFalse();
    assertThat(again.get(2)).isEqualTo(new AppendResult(again.get(1).eventId(), true));
    assertThat(storage.events().count(EventQuery.all(10))).isEqualTo(2);
    assertThat(storage.queue().stats().ready()).isEqualTo(2);
  }

  static NewEvent hashed(String dedupeKey, String bodyHash) {
    NewEvent e = event(dedupeKey, "K", List.of());
    return new NewEvent(
        e.source(),
        e.type(),
        e.key(),
        e.store(),
        e.dedupeKey(),
        e.traceId(),
        null,
        e.contentType(),
        e.payload(),
        e.work(),
        bodyHash);
  }

  @Test
  void a_dedupe_key_sent_again_with_another_body_hash_is_told_apart_from_a_duplicate() {
    long first = storage.events().append(List.of(hashed("idem", "aaa")), T0).get(0).eventId();

    List<AppendResult> later =
        storage
            .events()
            .append(
                List.of(
                    hashed("idem", "aaa"),
                    hashed("idem", "bbb"),
                    hashed("fresh", "ccc"),
                    hashed("fresh", "ddd"),
                    hashed("fresh", "ccc"),
                    hashed("idem", null)),
                T0);

    assertThat(later.get(0)).isEqualTo(new AppendResult(first, true, false));
    assertThat(later.get(1)).isEqualTo(new AppendResult(first, true, true));
    assertThat(later.get(2).duplicate()).isFalse();
    // Within one batch: the first event with the key is stored, the others compared with it.
    assertThat(later.get(3)).isEqualTo(new AppendResult(later.get(2).eventId(), true, true));
    assertThat(later.get(4)).isEqualTo(new AppendResult(later.get(2).eventId(), true, false));
    // A key without a body hash (a source that derives its keys) is a plain duplicate.
    assertThat(later.get(5)).isEqualTo(new AppendResult(first, true, false));
    assertThat(storage.events().count(EventQuery.all(10))).isEqualTo(2);
  }

  @Test
  void an_event_naming_a_long_id_set_is_stored_whole_found_by_key_and_deduplicated() {
    // 6,000 scattered ids: about 40,000 characters, far over PostgreSQL's b-tree row limit.
    StringBuilder ids = new StringBuilder();
    for (long id = 10_001; ids.length() < 40_000; id += 3) {
      ids.append(ids.length() == 0 ? "" : ",").append(id);
    }
    String key = ids.toString();
    String dedupeKey = "brightpearl|acme|product.modified|" + key + "|2026-11-22T10:00:00Z";
    NewEvent first = event(dedupeKey, key, List.of(work("stock.sync", "stock|" + key, 1, T0)));

    List<AppendResult> stored = storage.events().append(List.of(first), T0);
    List<AppendResult> again =
        storage.events().append(List.of(event(dedupeKey, key, List.of()), first), T0 + 1);

    assertThat(stored.get(0).duplicate()).isFalse();
    long id = stored.get(0).eventId();
    assertThat(again).allSatisfy(r -> assertThat(r.eventId()).isEqualTo(id));
    assertThat(again).allMatch(AppendResult::duplicate);
    EventRecord record = storage.events().find(id).orElseThrow();
    assertThat(record.key()).isEqualTo(key);
    assertThat(record.dedupeKey()).isEqualTo(first.dedupeKey()).startsWith("sha256:");
    assertThat(
            storage
                .events()
                .search(
                    new EventQuery(null, null, null, key, null, null, null, null, null, null, 5))
                .events())
        .extracting(EventRecord::id)
        .containsExactly(id);
    // A key that shares the indexed prefix but differs later is another key.
    assertThat(
            storage
                .events()
                .search(
                    new EventQuery(
                        null, null, null, key + "9", null, null, null, null, null, null, 5))
                .events())
        .isEmpty();
  }

  @Test
  void claim_takes_lower_priority_first_then_earlier_run_after() {
    storage
        .queue()
        .enqueue(
            List.of(work("k", null, 5, T0), work("k", null, 1, T0 + 10), work("k", null, 1, T0)),
            T0);

    List<WorkItem> claimed = storage.queue().claim("n1", 3, T0 + 20, T0 + 30_000);

    assertThat(claimed).extracting(WorkItem::priority).containsExactly(1, 1, 5);
    assertThat(claimed.get(0).id())
        .isGreaterThan(claimed.get(1).id()); // earlier run_after wins over id
    assertThat(claimed).allMatch(item -> item.attempt() == 1);
  }

  @Test
  void claim_leaves_items_that_are_not_yet_due() {
    storage.queue().enqueue(List.of(work("k", null, 1, T0 + 60_000)), T0);

    assertThat(storage.queue().claim("n1", 10, T0, T0 + 30_000)).isEmpty();
    assertThat(storage.queue().claim("n1", 10, T0 + 60_000, T0 + 90_000)).hasSize(1);
  }

  @Test
  void claim_never_hands_out_two_items_of_one_key_and_takes_the_oldest_first() {
    storage
        .queue()
        .enqueue(
            List.of(
                work("k", "SKU-1", 5, T0), work("k", "SKU-1", 1, T0), work("k", "SKU-2", 5, T0)),
            T0);

    List<WorkItem> first = storage.queue().claim("n1", 10, T0, T0 + 30_000);
    assertThat(first).extracting(WorkItem::itemKey).containsExactlyInAnyOrder("SKU-1", "SKU-2");
    WorkItem sku1 =
        first.stream().filter(i -> i.itemKey().equals("SKU-1")).findFirst().orElseThrow();
    assertThat(sku1.priority()).isEqualTo(5); // the oldest of the key, despite the other's priority
    assertThat(storage.queue().claim("n1", 10, T0, T0 + 30_000)).isEmpty();

    storage.queue().settle(List.of(done(sku1)), "n1", T0);
    assertThat(storage.queue().claim("n1", 10, T0, T0 + 30_000))
        .extracting(WorkItem::priority)
        .containsExactly(1);
  }

  @Test
  void a_dead_item_does_not_block_later_items_of_its_key() {
    storage.queue().enqueue(List.of(work("k", "SKU-1", 1, T0), work("k", "SKU-1", 1, T0)), T0);
    WorkItem first = storage.queue().claim("n1", 10, T0, T0 + 30_000).get(0);

    storage.queue().settle(List.of(new Settlement.Dead(first, "bad SKU", "Dead", null)), "n1", T0);

    assertThat(storage.queue().claim("n1", 10, T0, T0 + 30_000)).hasSize(1);
  }

  @Test
  void an_exclusive_key_running_on_one_node_is_never_claimed_by_another_but_its_siblings_are() {
    storage
        .queue()
        .enqueue(
            List.of(
                exclusive("stock|shop|7", T0),
                exclusive("stock|shop|7", T0),
                exclusive("stock|shop|8", T0)),
            T0);
    List<WorkItem> first = storage.queue().claim("n1", 1, T0, T0 + 30_000);
    assertThat(first).hasSize(1);

    // Another node may take the other product only; this node may take the same product's sibling.
    List<WorkItem> other = storage.queue().claim("n2", 10, T0, T0 + 30_000);
    assertThat(other).hasSize(1);
    List<WorkItem> same = storage.queue().claim("n1", 10, T0, T0 + 30_000);
    assertThat(same).hasSize(1);
    assertThat(storage.queue().claim("n2", 10, T0, T0 + 30_000)).isEmpty();

    storage.queue().settle(List.of(done(first.get(0)), done(same.get(0))), "n1", T0);
    storage
        .queue()
        .enqueue(List.of(exclusive("stock|shop|7", T0), exclusive("stock|shop|8", T0)), T0);
    // Product 8 still runs on n2: n1 takes product 7 only.
    assertThat(storage.queue().claim("n1", 10, T0, T0 + 30_000)).hasSize(1);
  }

  static NewWork exclusive(String key, long runAfter) {
    return new NewWork(null, "stock.sync", null, "shop", 1, runAfter, 5, null, key);
  }

  static Settlement done(WorkItem item) {
    return new Settlement.Done(item, "ok");
  }

  @Test
  void settling_done_removes_the_item_and_marks_the_event_succeeded_with_history() {
    long id = appendOne("SKU-1", List.of(work("k", "SKU-1", 1, T0)));
    WorkItem item = storage.queue().claim("n1", 10, T0, T0 + 30_000).get(0);
    assertThat(storage.events().history(id))
        .last()
        .satisfies(h -> assertThat(h.status()).isEqualTo(EventStatus.PROCESSING));

    storage.queue().settle(List.of(done(item)), "n1", T0 + 5);

    EventRecord event = storage.events().find(id).orElseThrow();
    assertThat(event.status()).isEqualTo(EventStatus.SUCCEEDED);
    assertThat(event.flow()).isEqualTo("k");
    assertThat(storage.events().history(id))
        .extracting(HistoryEntry::status)
        .containsExactly(
            EventStatus.RECEIVED,
            EventStatus.QUEUED,
            EventStatus.PROCESSING,
            EventStatus.SUCCEEDED);
    assertThat(storage.events().history(id).get(3).node()).isEqualTo("n1");
    assertThat(storage.queue().stats()).isEqualTo(new io.stockbridge.queue.QueueStats(0, 0, 0, 0));
  }

  @Test
  void an_event_with_two_items_succeeds_only_when_both_are_done() {
    long id = appendOne("SKU-1", List.of(work("a", null, 1, T0), work("b", null, 1, T0)));
    List<WorkItem> items = storage.queue().claim("n1", 10, T0, T0 + 30_000);

    storage.queue().settle(List.of(done(items.get(0))), "n1", T0);
    assertThat(storage.events().find(id).orElseThrow().status())
        .isNotEqualTo(EventStatus.SUCCEEDED);
    storage.queue().settle(List.of(done(items.get(1))), "n1", T0);
    assertThat(storage.events().find(id).orElseThrow().status()).isEqualTo(EventStatus.SUCCEEDED);
  }

  @Test
  void an_event_ends_dead_when_its_last_live_item_is_done_after_another_went_dead() {
    // A stock item waits for its product; the product item it triggered goes dead meanwhile.
    long id = appendOne("SKU-1", List.of(work("a", null, 1, T0), work("b", null, 1, T0)));
    List<WorkItem> items = storage.queue().claim("n1", 10, T0, T0 + 30_000);
    storage
        .queue()
        .settle(
            List.of(new Settlement.Wait(items.get(1), "dep", T0 + 30_000, "waiting")), "n1", T0);
    storage
        .queue()
        .settle(List.of(new Settlement.Dead(items.get(0), "refused", "Dead", null)), "n1", T0);
    assertThat(storage.queue().release("dep", T0 + 1)).isEqualTo(1);
    assertThat(storage.events().find(id).orElseThrow().status()).isEqualTo(EventStatus.QUEUED);
    WorkItem again = storage.queue().claim("n1", 10, T0 + 1, T0 + 30_000).get(0);

    storage.queue().settle(List.of(done(again)), "n1", T0 + 2);

    // Nothing of the event is left to run: its status is final, so batches waiting on it end.
    assertThat(storage.events().find(id).orElseThrow().status()).isEqualTo(EventStatus.DEAD);
  }

  @Test
  void a_failed_attempt_goes_back_to_ready_at_its_backoff_time_and_keeps_the_error() {
    long id = appendOne("SKU-1", List.of(work("k", null, 1, T0)));
    WorkItem item = storage.queue().claim("n1", 10, T0, T0 + 30_000).get(0);

    storage
        .queue()
        .settle(
            List.of(
                new Settlement.Failure(
                    item,
                    T0 + 2000,
                    "attempt 1 failed: boom",
                    "java.io.IOException",
                    "java.io.IOException: boom")),
            "n1",
            T0);

    assertThat(storage.events().find(id).orElseThrow().status()).isEqualTo(EventStatus.FAILED);
    assertThat(storage.queue().claim("n1", 10, T0 + 1999, T0 + 30_000)).isEmpty();
    WorkItem retry = storage.queue().claim("n1", 10, T0 + 2000, T0 + 30_000).get(0);
    assertThat(retry.attempt()).isEqualTo(2);
  }

  @Test
  void the_dashboards_queue_sample_counts_each_state_retrying_and_the_oldest_due_ready_item() {
    // Ready at two priorities: the oldest due one is the priority-5 item at T0 - 4000; the one at
    // T0 + 60000 is not due yet and does not count as oldest.
    storage
        .queue()
        .enqueue(
            List.of(
                work("a", null, 1, T0 - 1000),
                work("b", null, 5, T0 - 4000),
                work("c", null, 9, T0 + 60_000),
                work("d", null, 3, T0),
                work("e", null, 3, T0),
                work("f", null, 3, T0),
                work("g", null, 3, T0)),
            T0 - 5000);
    List<WorkItem> claimed = storage.queue().claim("n1", 4, T0, T0 + 30_000);
    assertThat(claimed).hasSize(4);
    WorkItem failed = claimed.get(0);
    WorkItem dead = claimed.get(1);
    WorkItem waiting = claimed.get(2);
    // claimed.get(3) stays running.
    storage
        .queue()
        .settle(
            List.of(
                new Settlement.Failure(failed, T0 + 100, "failed", "X", "X: boom"),
                new Settlement.Dead(dead, "gave up", "Y", "Y: boom"),
                new Settlement.Wait(waiting, "product:1", T0 + 90_000, "waits for product 1")),
            "n1",
            T0);

    DashboardReads.QueueSample early = storage.dashboardReads().queueSample(T0);
    assertThat(early.ready()).isEqualTo(4); // three never claimed + the failed one, retrying
    assertThat(early.running()).isEqualTo(1);
    assertThat(early.waiting()).isEqualTo(1);
    assertThat(early.dead()).isEqualTo(1);
    assertThat(early.retrying()).isEqualTo(1);
    // Before any ready item is due, none is the oldest.
    assertThat(storage.dashboardReads().queueSample(T0 - 4500).oldestReadyAgeMillis()).isZero();
    // Claims take priority order then run_after; whichever three remain ready, the earliest due
    // one at T0 is the oldest of those with run_after <= T0.
    List<WorkItem> ready = new ArrayList<>(storage.queue().claim("probe", 100, T0 + 100, T0 + 1));
    long oldestDue =
        ready.stream().mapToLong(WorkItem::runAfter).filter(at -> at <= T0).min().orElseThrow();
    assertThat(early.oldestReadyAgeMillis()).isEqualTo(T0 - oldestDue);
  }

  @Test
  void the_queue_sample_is_zero_on_an_empty_queue() {
    DashboardReads.QueueSample sample = storage.dashboardReads().queueSample(T0);
    assertThat(sample).isEqualTo(new DashboardReads.QueueSample(T0, 0, 0, 0, 0, 0, 0));
  }

  @Test
  void a_retry_spends_no_attempt_counts_one_retry_without_progress_and_shows_retrying() {
    long id = appendOne("SKU-1", List.of(work("k", null, 1, T0)));
    WorkItem item = storage.queue().claim("n1", 10, T0, T0 + 30_000).get(0);

    storage
        .queue()
        .settle(
            List.of(new Settlement.Retry(item, T0 + 250, "retry 1 in 250 ms: throttled")),
            "n1",
            T0);

    assertThat(storage.events().find(id).orElseThrow().status()).isEqualTo(EventStatus.RETRYING);
    assertThat(storage.events().history(id))
        .last()
        .satisfies(
            h -> {
              assertThat(h.status()).isEqualTo(EventStatus.RETRYING);
              assertThat(h.attempt()).isEqualTo(1);
              assertThat(h.detail()).isEqualTo("retry 1 in 250 ms: throttled");
            });
    assertThat(storage.queue().claim("n1", 10, T0 + 249, T0 + 30_000)).isEmpty();
    WorkItem again = storage.queue().claim("n1", 10, T0 + 250, T0 + 30_000).get(0);
    assertThat(again.attempt()).isEqualTo(1);
    assertThat(again.retriesWithoutProgress()).isEqualTo(1);

    storage.queue().settle(List.of(new Settlement.Retry(again, T0 + 500, "again")), "n1", T0 + 250);
    WorkItem third = storage.queue().claim("n1", 10, T0 + 500, T0 + 30_000).get(0);
    assertThat(third.attempt()).isEqualTo(1);
    assertThat(third.retriesWithoutProgress()).isEqualTo(2);

    // A failure spends the attempt and leaves the count of retries as it was.
    storage
        .queue()
        .settle(
            List.of(new Settlement.Failure(third, T0 + 600, "failed", "X", "X: boom")),
            "n1",
            T0 + 500);
    assertThat(storage.events().find(id).orElseThrow().status()).isEqualTo(EventStatus.FAILED);
    WorkItem fourth = storage.queue().claim("n1", 10, T0 + 600, T0 + 30_000).get(0);
    assertThat(fourth.attempt()).isEqualTo(2);
    assertThat(fourth.retriesWithoutProgress()).isEqualTo(2);
  }

  @Test
  void a_wait_spends_no_attempt_and_starts_the_count_of_retries_without_progress_again() {
    storage.queue().enqueue(List.of(work("k", null, 1, T0)), T0);
    WorkItem item = storage.queue().claim("n1", 10, T0, T0 + 30_000).get(0);
    storage.queue().settle(List.of(new Settlement.Retry(item, T0, "throttled")), "n1", T0);
    WorkItem retried = storage.queue().claim("n1", 10, T0, T0 + 30_000).get(0);
    assertThat(retried.retriesWithoutProgress()).isEqualTo(1);

    storage
        .queue()
        .settle(List.of(new Settlement.Wait(retried, "dep", T0 + 30_000, "waiting")), "n1", T0);
    storage.queue().release("dep", T0 + 1);

    WorkItem released = storage.queue().claim("n1", 10, T0 + 1, T0 + 30_000).get(0);
    assertThat(released.attempt()).isEqualTo(1);
    assertThat(released.retriesWithoutProgress()).isZero();
  }

  @Test
  void done_and_dead_keep_the_attempt_their_run_spent() {
    long doneId = appendOne("SKU-1", List.of(work("k", null, 1, T0)));
    long deadId = appendOne("SKU-2", List.of(work("k", null, 1, T0)));
    List<WorkItem> items = storage.queue().claim("n1", 10, T0, T0 + 30_000);
    WorkItem toFinish = items.get(0).eventId() == doneId ? items.get(0) : items.get(1);
    WorkItem toKill = items.get(0).eventId() == doneId ? items.get(1) : items.get(0);
    storage
        .queue()
        .settle(List.of(new Settlement.Failure(toKill, T0, "failed", "X", "X")), "n1", T0);
    WorkItem second = storage.queue().claim("n1", 10, T0, T0 + 30_000).get(0);

    storage
        .queue()
        .settle(
            List.of(done(toFinish), new Settlement.Dead(second, "refused", "Dead", null)),
            "n1",
            T0);

    assertThat(storage.events().find(doneId).orElseThrow().attempts()).isEqualTo(1);
    assertThat(storage.events().find(deadId).orElseThrow().attempts()).isEqualTo(2);
    assertThat(storage.queue().dead(null, null, 10))
        .singleElement()
        .satisfies(d -> assertThat(d.attempts()).isEqualTo(2));
  }

  @Test
  void a_settlement_after_the_lease_was_lost_is_ignored() {
    storage.queue().enqueue(List.of(work("k", null, 1, T0)), T0);
    WorkItem stale = storage.queue().claim("n1", 10, T0, T0 + 1000).get(0);
    assertThat(storage.queue().rescueExpired(T0 + 1001, T0 + 1001)).isEqualTo(1);
    WorkItem current = storage.queue().claim("n2", 10, T0 + 1001, T0 + 31_000).get(0);

    storage.queue().settle(List.of(done(stale)), "n1", T0 + 1002);

    assertThat(storage.queue().stats().running()).isEqualTo(1);
    storage.queue().settle(List.of(done(current)), "n2", T0 + 1003);
    assertThat(storage.queue().stats().running()).isZero();
  }

  @Test
  void rescue_makes_an_item_dead_when_its_last_attempt_expired() {
    storage.queue().enqueue(List.of(new NewWork(null, "k", null, null, 1, T0, 1, null)), T0);
    storage.queue().claim("n1", 10, T0, T0 + 1000);

    storage.queue().rescueExpired(T0 + 2000, T0 + 2000);

    assertThat(storage.queue().dead(null, null, 10))
        .singleElement()
        .satisfies(d -> assertThat(d.lastError()).contains("lease of node n1 expired"));
  }

  @Test
  void heartbeat_extends_only_the_leases_a_node_still_holds() {
    storage.queue().enqueue(List.of(work("k", null, 1, T0)), T0);
    WorkItem item = storage.queue().claim("n1", 10, T0, T0 + 1000).get(0);

    assertThat(storage.queue().heartbeat("other", List.of(item.id()), T0 + 60_000)).isZero();
    assertThat(storage.queue().heartbeat("n1", List.of(item.id()), T0 + 60_000)).isEqualTo(1);
    assertThat(storage.queue().rescueExpired(T0 + 2000, T0 + 2000)).isZero();
  }

  @Test
  void a_waiting_item_runs_again_when_its_dependency_is_released_without_spending_an_attempt() {
    long id = appendOne("SKU-9", List.of(work("stock", "SKU-9", 1, T0)));
    WorkItem item = storage.queue().claim("n1", 10, T0, T0 + 30_000).get(0);
    storage
        .queue()
        .settle(List.of(new Settlement.Wait(item, "product:9", T0, "product missing")), "n1", T0);
    assertThat(storage.events().find(id).orElseThrow().status()).isEqualTo(EventStatus.WAITING);
    assertThat(storage.queue().claim("n1", 10, T0 + 10, T0 + 30_000)).isEmpty();

    assertThat(storage.queue().release("product:9", T0 + 20)).isEqualTo(1);

    WorkItem again = storage.queue().claim("n1", 10, T0 + 20, T0 + 30_000).get(0);
    assertThat(again.attempt()).isEqualTo(1);
    assertThat(storage.events().history(id))
        .extracting(HistoryEntry::status)
        .contains(EventStatus.WAITING);
  }

  @Test
  void dead_letters_keep_error_type_and_causes_and_can_be_redriven() {
    long id = appendOne("SKU-1", List.of(work("k", "SKU-1", 1, T0)));
    WorkItem item = storage.queue().claim("n1", 10, T0, T0 + 30_000).get(0);
    storage
        .queue()
        .settle(
            List.of(
                new Settlement.Dead(
                    item,
                    "gave up: boom",
                    "java.io.IOException",
                    "java.io.IOException: boom\njava.net.SocketException: reset")),
            "n1",
            T0);

    var dead = storage.queue().dead(null, null, 10);
    assertThat(dead)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.eventId()).isEqualTo(id);
              assertThat(d.errorType()).isEqualTo("java.io.IOException");
              assertThat(d.errorCauses()).contains("SocketException");
            });
    assertThat(storage.events().find(id).orElseThrow().status()).isEqualTo(EventStatus.DEAD);

    assertThat(storage.queue().redrive(List.of(dead.get(0).id()), null, "tester", T0 + 1))
        .isEqualTo(1);

    assertThat(storage.queue().dead(null, null, 10)).isEmpty();
    assertThat(storage.events().find(id).orElseThrow().status()).isEqualTo(EventStatus.QUEUED);
    assertThat(storage.queue().claim("n1", 10, T0 + 1, T0 + 30_000))
        .singleElement()
        .satisfies(again -> assertThat(again.attempt()).isEqualTo(1));
  }

  @Test
  void paused_flows_and_stores_are_not_claimed_until_resumed() {
    storage
        .queue()
        .enqueue(
            List.of(
                work("stock", null, 1, T0),
                new NewWork(null, "tags", null, "shop-b", 1, T0, 3, null)),
            T0);
    storage.pauses().pause(Pauses.flow("stock"), "tester", T0);
    storage.pauses().pause(Pauses.store("shop-b"), "tester", T0);

    assertThat(storage.queue().claim("n1", 10, T0, T0 + 30_000)).isEmpty();
    assertThat(storage.pauses().list()).containsExactly("flow:stock", "store:shop-b");

    storage.pauses().resume("flow:stock");
    assertThat(storage.queue().claim("n1", 10, T0, T0 + 30_000))
        .extracting(WorkItem::kind)
        .containsExactly("stock");
  }

  @Test
  void search_filters_by_every_field_and_pages_newest_first() {
    EventLog log = storage.events();
    for (int i = 0; i < 25; i++) {
      NewEvent e =
          new NewEvent(
              i % 2 == 0 ? "shopify" : "brightpearl",
              i % 3 == 0 ? "a.type" : "b.type",
              "SKU-" + (i % 5),
              "store-" + (i % 2),
              null,
              "t" + i,
              i < 5 ? 7L : null,
              "application/json",
              new byte[] {'{', '}'},
              List.of());
      log.append(List.of(e), T0 + i * 1000L);
    }
    EventQuery all = EventQuery.all(10);
    var page1 = log.search(all);
    assertThat(page1.events()).hasSize(10);
    assertThat(page1.events().get(0).id()).isGreaterThan(page1.events().get(9).id());
    var page3 =
        log.search(
            all.withBeforeId(log.search(all.withBeforeId(page1.nextBeforeId())).nextBeforeId()));
    assertThat(page3.events()).hasSize(5);
    assertThat(page3.nextBeforeId()).isNull();

    EventQuery q =
        new EventQuery(null, "shopify", null, "SKU-0", null, null, null, null, null, null, 100);
    assertThat(log.search(q).events())
        .allMatch(e -> e.source().equals("shopify") && e.key().equals("SKU-0"))
        .hasSize(3);
    assertThat(log.count(q)).isEqualTo(3);
    assertThat(
            log.count(
                new EventQuery(
                    null, null, "a.type", null, "store-1", null, null, null, null, null, 1)))
        .isEqualTo(4);
    assertThat(
            log.count(new EventQuery(null, null, null, null, null, null, 7L, null, null, null, 1)))
        .isEqualTo(5);
    assertThat(
            log.count(
                new EventQuery(
                    null, null, null, null, null, null, null, T0 + 10_000, T0 + 20_000, null, 1)))
        .isEqualTo(10);
    assertThat(log.count(EventQuery.all(1).withStatus(EventStatus.QUEUED))).isEqualTo(25);
    assertThat(log.count(EventQuery.all(1).withStatus(EventStatus.DEAD))).isZero();
  }

  @Test
  void requeue_queues_an_event_again_in_a_batch_with_history() {
    long id = appendOne("SKU-1", List.of());
    long batch = storage.events().createBatch("replay", 1, T0);

    storage
        .events()
        .requeue(
            List.of(new EventLog.Requeue(id, List.of(work("k", null, 1, T0)))),
            batch,
            "replayed by tester",
            T0 + 5);

    EventRecord event = storage.events().find(id).orElseThrow();
    assertThat(event.batchId()).isEqualTo(batch);
    assertThat(storage.events().history(id))
        .last()
        .satisfies(h -> assertThat(h.detail()).isEqualTo("replayed by tester"));
    assertThat(storage.queue().claim("n1", 10, T0 + 5, T0 + 30_000))
        .singleElement()
        .satisfies(item -> assertThat(item.eventId()).isEqualTo(id));
  }

  @Test
  void a_replayed_dead_event_that_succeeds_ends_succeeded_not_dead_again() {
    long id = appendOne("SKU-1", List.of(work("k", "SKU-1", 1, T0)));
    WorkItem failed = storage.queue().claim("n1", 10, T0, T0 + 30_000).get(0);
    storage.queue().settle(List.of(new Settlement.Dead(failed, "refused", "Dead", null)), "n1", T0);
    assertThat(storage.events().find(id).orElseThrow().status()).isEqualTo(EventStatus.DEAD);

    storage
        .events()
        .requeue(
            List.of(new EventLog.Requeue(id, List.of(work("k", "SKU-1", 1, T0)))),
            null,
            "replayed by tester",
            T0 + 5);
    WorkItem replayed = storage.queue().claim("n1", 10, T0 + 5, T0 + 30_000).get(0);
    storage.queue().settle(List.of(done(replayed)), "n1", T0 + 6);

    assertThat(storage.events().find(id).orElseThrow().status()).isEqualTo(EventStatus.SUCCEEDED);
    assertThat(storage.queue().dead(null, null, 10)).isEmpty();
  }

  @Test
  void an_issue_grows_with_new_failures_and_reopens_when_it_fails_after_being_resolved() {
    IssueStore issues = storage.issues();
    issues.record(List.of(sighting(List.of(T0, T0 + 10))), T0 + 10);
    issues.record(List.of(sighting(List.of(T0, T0 + 10))), T0 + 20); // seen again: nothing new
    assertThat(issues.find("fp").orElseThrow())
        .satisfies(
            i -> {
              assertThat(i.occurrences()).isEqualTo(2);
              assertThat(i.firstSeen()).isEqualTo(T0);
              assertThat(i.lastSeen()).isEqualTo(T0 + 10);
              assertThat(i.status()).isEqualTo(IssueStatus.OPEN);
            });

    assertThat(issues.setStatus("fp", IssueStatus.RESOLVED, "ops", T0 + 30)).isTrue();
    assertThat(issues.record(List.of(sighting(List.of(T0 + 10))), T0 + 35)).isEmpty();
    assertThat(issues.find("fp").orElseThrow().status()).isEqualTo(IssueStatus.RESOLVED);

    assertThat(issues.record(List.of(sighting(List.of(T0 + 40))), T0 + 40)).containsExactly("fp");
    assertThat(issues.find("fp").orElseThrow())
        .satisfies(
            i -> {
              assertThat(i.status()).isEqualTo(IssueStatus.OPEN);
              assertThat(i.occurrences()).isEqualTo(3);
              assertThat(i.lastSeen()).isEqualTo(T0 + 40);
            });
    assertThat(issues.setStatus("nope", IssueStatus.IGNORED, "ops", T0)).isFalse();
  }

  private static IssueStore.Sighting sighting(List<Long> times) {
    return new IssueStore.Sighting(
        "fp",
        "stock.sync",
        "shop-a",
        "Dead",
        "refused #",
        "refused 7",
        times.stream().mapToLong(Long::longValue).min().orElseThrow(),
        times.stream().mapToLong(Long::longValue).max().orElseThrow(),
        times);
  }

  @Test
  void a_session_is_found_until_it_expires_and_purged_after() {
    Sessions sessions = storage.sessions();
    sessions.create(new Sessions.Session("token-hash", "key-hash", "csrf", T0 + 100), T0);

    assertThat(sessions.find("token-hash", T0 + 99)).isPresent();
    assertThat(sessions.find("token-hash", T0 + 100)).isEmpty();
    assertThat(sessions.purgeExpired(T0 + 100)).isEqualTo(1);
    assertThat(sessions.delete("token-hash")).isFalse();
  }

  @Test
  void dropped_payloads_leave_metadata_searchable_and_record_their_archive() {
    long oldId = appendOne("OLD", List.of());
    long newId =
        storage
            .events()
            .append(List.of(event(null, "NEW", List.of())), T0 + 10_000)
            .get(0)
            .eventId();

    var old = storage.events().payloadsOlderThan(T0 + 5000, 100);
    assertThat(old).extracting(EventLog.StoredPayload::eventId).containsExactly(oldId);
    storage.events().dropPayloads(List.of(oldId), "archived:file.jsonl.gz");

    assertThat(storage.events().payload(oldId)).isEmpty();
    assertThat(storage.events().payload(newId)).isPresent();
    assertThat(storage.events().find(oldId).orElseThrow().payloadArchive())
        .isEqualTo("archived:file.jsonl.gz");
  }

  @Test
  void access_keys_are_found_by_id_or_stored_hash_and_names_are_unique() {
    storage.accessKeys().create("ops", Role.OPERATOR, "id-1", "hash-1", T0);

    assertThat(storage.accessKeys().findByKeyId("id-1"))
        .get()
        .satisfies(k -> assertThat(k.key().role()).isEqualTo(Role.OPERATOR))
        .satisfies(k -> assertThat(k.keyHash()).isEqualTo("hash-1"));
    assertThat(storage.accessKeys().findByKeyHash("hash-1")).isPresent();
    assertThatThrownBy(() -> storage.accessKeys().create("ops", Role.VIEWER, null, "hash-2", T0))
        .hasMessageContaining("already exists");
    assertThat(storage.accessKeys().revoke("ops")).isTrue();
    assertThat(storage.accessKeys().findByKeyId("id-1")).isEmpty();
    assertThat(storage.accessKeys().findByKeyHash("hash-1")).isEmpty();
  }

  @Test
  void a_stored_key_hash_is_never_the_sha256_of_the_key() {
    ApiKeyVerifier keys = new ApiKeyVerifier(storage.accessKeys());
    String generated = ApiKeys.generate();
    keys.create("generated", Role.OPERATOR, generated, T0);
    keys.create("chosen", Role.OPERATOR, "an operator's chosen key", T0);

    for (String key : List.of(generated, "an operator's chosen key")) {
      String stored = keys.verify(key).orElseThrow().keyHash();
      assertThat(stored).startsWith("s1$").isNotEqualTo(ApiKeys.hash(key)).doesNotContain(key);
      assertThat(stored).doesNotContain(ApiKeys.hash(key));
    }
    assertThat(storage.accessKeys().findByKeyHash(ApiKeys.hash(generated))).isEmpty();
  }

  @Test
  void two_keys_with_the_same_text_get_different_hashes() {
    ApiKeyVerifier keys = new ApiKeyVerifier(storage.accessKeys());
    keys.create("first", Role.VIEWER, "same text", T0);
    keys.create("second", Role.OPERATOR, "same text", T0);

    List<AccessKeyStore.StoredKey> stored = storage.accessKeys().sealedWithoutKeyId();
    assertThat(stored).hasSize(2);
    assertThat(stored.get(0).keyHash()).isNotEqualTo(stored.get(1).keyHash());
    assertThat(ApiKeys.matches("same text", stored.get(0).keyHash())).isTrue();
    assertThat(ApiKeys.matches("same text", stored.get(1).keyHash())).isTrue();
  }

  @Test
  void a_legacy_unsalted_key_still_authenticates_and_is_resealed_on_first_use() {
    String legacy = "sbk_" + "A".repeat(43);
    storage.accessKeys().create("old", Role.OPERATOR, null, ApiKeys.hash(legacy), T0);
    ApiKeyVerifier keys = new ApiKeyVerifier(storage.accessKeys());

    AccessKeyStore.StoredKey first = keys.verify(legacy).orElseThrow();

    assertThat(first.key().name()).isEqualTo("old");
    assertThat(first.keyHash()).startsWith("s1$");
    assertThat(storage.accessKeys().findByKeyHash(ApiKeys.hash(legacy))).isEmpty();
    assertThat(storage.accessKeys().findByKeyHash(first.keyHash())).isPresent();
    assertThat(keys.verify(legacy))
        .get()
        .satisfies(k -> assertThat(k.key().name()).isEqualTo("old"));
    assertThat(keys.verify("sbk_" + "B".repeat(43))).isEmpty();
  }

  @Test
  void a_wrong_key_is_refused() {
    ApiKeyVerifier keys = new ApiKeyVerifier(storage.accessKeys());
    String right = ApiKeys.generate();
    keys.create("ops", Role.OPERATOR, right, T0);
    keys.create("chosen", Role.OPERATOR, "chosen key", T0);
    char last = right.charAt(right.length() - 1);
    String sameIdWrongSecret = right.substring(0, right.length() - 1) + (last == 'A' ? 'B' : 'A');

    assertThat(keys.verify(right)).isPresent();
    assertThat(keys.verify(sameIdWrongSecret)).isEmpty();
    assertThat(keys.verify(ApiKeys.generate())).isEmpty();
    assertThat(keys.verify("chosen key ")).isEmpty();
    assertThat(keys.verify("")).isEmpty();
    assertThat(keys.verify(ApiKeys.hash(right))).isEmpty();
  }

  @Test
  void a_leader_lease_belongs_to_one_node_until_it_expires() {
    assertThat(storage.leaderLeases().tryAcquire("job", "n1", T0, T0 + 1000)).isTrue();
    assertThat(storage.leaderLeases().tryAcquire("job", "n2", T0 + 500, T0 + 1500)).isFalse();
    assertThat(storage.leaderLeases().tryAcquire("job", "n1", T0 + 600, T0 + 1600)).isTrue();
    assertThat(storage.leaderLeases().tryAcquire("job", "n2", T0 + 1601, T0 + 2600)).isTrue();
  }

  @Test
  void budget_state_updates_are_atomic_under_concurrency() throws Exception {
    BudgetStateStore budgets = storage.budgets();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      futures.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 25; i++) {
                  budgets.update(
                      "shop-a",
                      current -> {
                        int value = current == null ? 0 : Integer.parseInt(current);
                        return new BudgetStateStore.Decision<>(
                            String.valueOf(value + 1), value + 1);
                      });
                }
              }));
    }
    for (Future<?> future : futures) {
      future.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    int total =
        budgets.update(
            "shop-a", current -> new BudgetStateStore.Decision<>(null, Integer.parseInt(current)));
    assertThat(total).isEqualTo(100);
  }

  @Test
  void concurrent_claimers_never_get_the_same_item_or_two_items_of_one_key() throws Exception {
    List<NewWork> items = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      items.add(work("k", "key-" + (i % 40), 1, T0));
    }
    storage.queue().enqueue(items, T0);
    Set<Long> seen = ConcurrentHashMap.newKeySet();
    Set<String> keysInFlight = ConcurrentHashMap.newKeySet();
    List<String> violations = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> futures = new ArrayList<>();
    for (int n = 0; n < 4; n++) {
      String node = "node-" + n;
      futures.add(
          pool.submit(
              () -> {
                int idle = 0;
                while (idle < 20) {
                  List<WorkItem> claimed = storage.queue().claim(node, 7, T0, T0 + 60_000);
                  if (claimed.isEmpty()) {
                    idle++;
                    continue;
                  }
                  idle = 0;
                  for (WorkItem item : claimed) {
                    if (!seen.add(item.id())) {
                      violations.add("item " + item.id() + " claimed twice");
                    }
                    if (!keysInFlight.add(item.itemKey())) {
                      violations.add("key " + item.itemKey() + " in flight twice");
                    }
                  }
                  List<Settlement> settlements = new ArrayList<>();
                  for (WorkItem item : claimed) {
                    keysInFlight.remove(item.itemKey());
                    settlements.add(done(item));
                  }
                  storage.queue().settle(settlements, node, T0);
                }
              }));
    }
    for (Future<?> future : futures) {
      future.get(120, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(violations).isEmpty();
    assertThat(new HashSet<>(seen)).hasSize(400);
  }
}
