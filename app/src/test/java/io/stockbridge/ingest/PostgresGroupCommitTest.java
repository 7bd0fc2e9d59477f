package io.stockbridge.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.event.AppendResult;
import io.stockbridge.http.ApiException;
import io.stockbridge.store.Storage;
import io.stockbridge.store.wiring.StorageFactory;
import io.stockbridge.testhelper.OnPostgres;
import io.stockbridge.testhelper.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The group commit on the real PostgreSQL, which refuses some values SQLite takes (a NUL in text):
 * the test locks the events table to gather concurrent senders into one commit.
 */
@OnPostgres
class PostgresGroupCommitTest extends GroupCommitTest {
  private String url;

  @Override
  protected Storage openStorage(Path dir) {
    url = TestDatabases.createPostgresSchema();
    Storage storage =
        StorageFactory.open(new StockbridgeConfig.Database(url, 4), Clock.systemUTC());
    storage.migrate();
    return storage;
  }

  @Override
  protected AutoCloseable lockEvents() throws Exception {
    Connection connection = DriverManager.getConnection(url);
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      statement.execute("LOCK TABLE events IN EXCLUSIVE MODE");
    }
    return () -> {
      connection.rollback();
      connection.close();
    };
  }

  @Override
  protected void cleanUp() {
    if (url != null) {
      TestDatabases.dropPostgresSchema(url);
    }
  }

  /**
   * Regression (issue 10): a NUL in a text field made PostgreSQL fail the whole group commit, and
   * the valid events of other senders that shared it got 503 with it. The database's refusal now
   * splits the batch: only the offender is refused.
   */
  @Test
  void a_nul_in_a_text_field_fails_only_its_own_request_in_a_group_commit() throws Exception {
    CompletableFuture<AppendResult> blocker;
    List<CompletableFuture<AppendResult>> valid = new ArrayList<>();
    CompletableFuture<AppendResult> offender;
    try (AutoCloseable lock = lockEvents()) {
      blocker = send(event("blocker"), Duration.ofMinutes(1));
      awaitTaken(1);
      for (int i = 0; i < 3; i++) {
        valid.add(send(event("valid-" + i), Duration.ofMinutes(1)));
      }
      offender = send(event("nul\u0000here"), Duration.ofMinutes(1));
      for (int i = 3; i < 6; i++) {
        valid.add(send(event("valid-" + i), Duration.ofMinutes(1)));
      }
      io.stockbridge.testhelper.Eventually.await(
          "all seven senders queued for the next commit",
          Duration.ofSeconds(10),
          () -> ingest.queued() == 7);
    }
    assertThat(blocker.get(30, TimeUnit.SECONDS).duplicate()).isFalse();
    Throwable refused = waitForFailure(offender);
    assertThat(refused).isInstanceOf(ApiException.class);
    assertThat(((ApiException) refused).status()).isEqualTo(400);
    assertThat(refused.getMessage()).contains("the database refused a value of this event");
    for (CompletableFuture<AppendResult> each : valid) {
      AppendResult result = each.get(30, TimeUnit.SECONDS);
      assertThat(result.duplicate()).isFalse();
      assertThat(storage.events().find(result.eventId())).isPresent();
    }
    assertThat(stored()).isEqualTo(7);
  }
}
