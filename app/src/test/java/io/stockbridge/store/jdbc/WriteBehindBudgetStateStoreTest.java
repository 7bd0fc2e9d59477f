package io.stockbridge.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.ratelimit.BudgetStateStore;
import io.stockbridge.store.Storage;
import io.stockbridge.store.wiring.StorageFactory;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.MutableClock;
import io.stockbridge.testhelper.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On SQLite, which serves one node, every API call's two budget updates were write transactions
 * queued behind the claims and settlements on the one writer: a 150 ms Brightpearl read took up to
 * 475 ms while a burst drained. The states now live in memory and are written back by a thread
 * about once a second while they change, and when the storage closes.
 */
class WriteBehindBudgetStateStoreTest {
  @TempDir Path dir;

  private final MutableClock clock = new MutableClock();

  @Test
  void budget_updates_on_sqlite_are_written_back_once_a_second_and_on_close_not_each_time()
      throws Exception {
    String url = TestDatabases.sqliteUrl(dir);
    try (Storage storage = open(url)) {
      storage.migrate();
      BudgetStateStore budgets = storage.budgets();
      for (int i = 1; i <= 101; i++) {
        count(budgets);
      }
      assertThat(row(url)).as("no write within the first second").isEqualTo("none");

      clock.advance(Duration.ofMillis(WriteBehindBudgetStateStore.WRITE_BACK_MILLIS));
      awaitRow(url, "101 v1");

      for (int i = 0; i < 50; i++) {
        count(budgets);
      }
      assertThat(row(url)).as("the next write only a second later").isEqualTo("101 v1");
      clock.advance(Duration.ofMillis(WriteBehindBudgetStateStore.WRITE_BACK_MILLIS));
      awaitRow(url, "151 v2");

      count(budgets);
    }
    assertThat(row(url)).as("written back on close").isEqualTo("152 v3");

    try (Storage reopened = open(url)) {
      assertThat(count(reopened.budgets())).as("a restart resumes from the state").isEqualTo(153);
    }
  }

  /** Waits for the write-back thread (it looks every second) to leave {@code expected}. */
  private static void awaitRow(String url, String expected) {
    Eventually.await(
        "the budget row " + expected,
        Duration.ofSeconds(10),
        () -> {
          try {
            return row(url).equals(expected);
          } catch (Exception e) {
            return false;
          }
        });
  }

  private Storage open(String url) {
    return StorageFactory.open(new StockbridgeConfig.Database(url, 4), clock);
  }

  /** Adds one to the budget's counter; returns the new figure. */
  private static int count(BudgetStateStore budgets) {
    return budgets.update(
        "brightpearl:acme",
        current -> {
          int next = current == null ? 1 : Integer.parseInt(current) + 1;
          return new BudgetStateStore.Decision<>(String.valueOf(next), next);
        });
  }

  /** The budget's row in the database: its state and version, or "none". */
  private static String row(String url) throws Exception {
    try (Connection connection = DriverManager.getConnection(url);
        Statement select = connection.createStatement();
        ResultSet rs =
            select.executeQuery(
                "SELECT state, version FROM rate_budgets WHERE name = 'brightpearl:acme'")) {
      return rs.next() ? rs.getString(1) + " v" + rs.getLong(2) : "none";
    }
  }
}
