package io.stockbridge.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockbridge.event.AppendResult;
import io.stockbridge.event.EventQuery;
import io.stockbridge.event.NewEvent;
import io.stockbridge.http.ApiException;
import io.stockbridge.store.Storage;
import io.stockbridge.testhelper.Eventually;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The group commit on a real database, run once per engine: a request that times out is told the
 * truth (withdrawn and never stored, or waited for and stored), and a commit is slowed by the test
 * holding the events table's lock (PostgreSQL) or the write lock (SQLite).
 */
abstract class GroupCommitTest {
  @TempDir Path dir;
  Storage storage;
  IngestService ingest;

  /** Opens the engine's storage (migrated). */
  protected abstract Storage openStorage(Path dir);

  /** Holds the lock every event insert needs until closed. */
  protected abstract AutoCloseable lockEvents() throws Exception;

  protected void cleanUp() {}

  @BeforeEach
  void start() {
    storage = openStorage(dir);
    ingest = new IngestService(storage.events(), Clock.systemUTC(), 500, 1, () -> {});
  }

  @AfterEach
  void stop() {
    ingest.close();
    storage.close();
    cleanUp();
  }

  static NewEvent event(String key) {
    return new NewEvent(
        "generic",
        "stock.changed",
        key,
        null,
        "generic|" + key,
        "0af7651916cd43dd8448eb211c80319c",
        null,
        "application/json",
        ("{\"type\":\"stock.changed\",\"key\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8),
        List.of());
  }

  long stored() {
    return storage.events().count(EventQuery.all(1));
  }

  CompletableFuture<AppendResult> send(NewEvent event, Duration timeout) {
    return CompletableFuture.supplyAsync(
        () -> ingest.append(event, timeout), r -> Thread.ofVirtual().start(r));
  }

  /** Waits until writers have taken {@code count} events since the start. */
  void awaitTaken(long count) {
    Eventually.await(
        "the writer took " + count + " events",
        Duration.ofSeconds(10),
        () -> ingest.takenCount() == count);
  }

  @Test
  void a_request_timed_out_before_a_writer_took_it_is_never_stored_by_a_late_commit()
      throws Exception {
    CompletableFuture<AppendResult> first;
    CompletableFuture<AppendResult> late;
    try (AutoCloseable lock = lockEvents()) {
      first = send(event("first"), Duration.ofMinutes(1));
      awaitTaken(1); // the one writer is now stuck committing 'first'
      late = send(event("late"), Duration.ofMillis(200));
      Throwable refused = waitForFailure(late);
      assertThat(refused)
          .isInstanceOf(ApiException.class)
          .hasMessageContaining("it was not stored and will not be");
      assertThat(((ApiException) refused).status()).isEqualTo(503);
    }
    assertThat(first.get(30, TimeUnit.SECONDS).duplicate()).isFalse();
    // One writer, first in first out: once 'after' is stored, the withdrawn 'late' was dropped.
    assertThat(ingest.append(event("after"), Duration.ofSeconds(30)).duplicate()).isFalse();
    assertThat(stored()).isEqualTo(2);
    assertThat(
            storage.events().search(EventQuery.all(10)).events().stream()
                .map(e -> e.key())
                .toList())
        .containsExactlyInAnyOrder("first", "after");
  }

  @Test
  void a_request_timed_out_while_its_commit_runs_is_answered_stored_not_deduplicated()
      throws Exception {
    CompletableFuture<AppendResult> slow;
    try (AutoCloseable lock = lockEvents()) {
      slow = send(event("slow"), Duration.ofMillis(200));
      awaitTaken(1);
      // Its 200 ms pass while the commit waits for the lock: the request must wait for the commit.
      CompletableFuture<AppendResult> witness = send(event("witness"), Duration.ofMillis(300));
      waitForFailure(witness);
      assertThat(slow).isNotDone();
    }
    AppendResult result = slow.get(30, TimeUnit.SECONDS);
    assertThat(result.duplicate()).isFalse();
    assertThat(storage.events().find(result.eventId()).orElseThrow().key()).isEqualTo("slow");
  }

  static Throwable waitForFailure(CompletableFuture<AppendResult> future) throws Exception {
    try {
      AppendResult unexpected = future.get(30, TimeUnit.SECONDS);
      throw new AssertionError("expected a refusal, got " + unexpected);
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  static void assertRefused(CompletableFuture<AppendResult> future, String reason) {
    assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .hasMessageContaining(reason);
  }
}
