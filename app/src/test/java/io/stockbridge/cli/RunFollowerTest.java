package io.stockbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.flow.reconcile.Reconciliation;
import io.stockbridge.store.Storage;
import io.stockbridge.store.wiring.StorageFactory;
import io.stockbridge.testhelper.MutableClock;
import io.stockbridge.testhelper.TestDatabases;
import io.stockbridge.time.Sleeper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --follow}: a stored run followed to its end, as plain lines when not on a terminal. */
class RunFollowerTest {
  private static final long T0 = 1_764_000_000_000L;

  @TempDir Path dir;
  private Storage storage;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

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

  private Progress progress() {
    return new Progress(new PrintStream(out, true, StandardCharsets.UTF_8), "sync", false);
  }

  @Test
  void a_run_is_followed_through_its_stages_to_its_report() throws InterruptedException {
    long id = storage.reconciliations().request("{\"stores\":[\"uk\"]}", "cli", T0);
    AtomicInteger polls = new AtomicInteger();
    // Each wait of the follower moves the run on, as the service would.
    Sleeper service =
        duration -> {
          assertThat(duration).isEqualTo(RunFollower.POLL);
          switch (polls.getAndIncrement()) {
            case 0 ->
                storage
                    .reconciliations()
                    .transition(
                        id, Reconciliation.Status.REQUESTED, Reconciliation.Status.RUNNING, T0);
            case 1 -> {}
            default ->
                storage
                    .reconciliations()
                    .recordFindings(
                        id, Reconciliation.Status.COMPLETED, null, 120, 0, "{}", T0 + 5000);
          }
        };

    int exit = RunFollower.follow(storage, id, progress(), Duration.ofMinutes(1), service);

    assertThat(exit).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8).split("\n"))
        .containsExactly(
            "sync: waiting for a node to start it ",
            "sync: reading both sides ",
            "sync: completed: checked 120, drifted 0, fixed 0, failed 0");
  }

  @Test
  void following_gives_up_at_its_ceiling_and_says_where_to_look() throws InterruptedException {
    long id = storage.reconciliations().request("{\"stores\":[\"uk\"]}", "cli", T0);

    int exit = RunFollower.follow(storage, id, progress(), Duration.ZERO, duration -> {});

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .endsWith(
            "sync: still requested after 0 min; see ./stockbridge reconcile show " + id + "\n");
  }
}
