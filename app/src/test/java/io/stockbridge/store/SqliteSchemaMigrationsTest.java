package io.stockbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.testhelper.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The migrations on a real SQLite file (V5 and V28 rebuild the work_items table). */
class SqliteSchemaMigrationsTest extends SchemaMigrationsTest {
  @TempDir Path dir;

  @Override
  protected String freshDatabase() {
    return TestDatabases.emptySqliteUrl(dir);
  }

  @Override
  protected String engine() {
    return "sqlite";
  }

  /**
   * V28 rebuilds work_items for a cheaper state CHECK: the columns added after V5 survive, the id
   * sequence goes on past a deleted item, every index is back, and V19's batch triggers on events,
   * which read work_items by name, still find it.
   */
  @Test
  void v28_keeps_every_column_the_id_sequence_the_indexes_and_the_batch_triggers()
      throws Exception {
    String url = freshDatabase();
    flyway(url, "27").migrate();
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.executeUpdate(
          "INSERT INTO events (id, source, type, received_at, updated_at, status, trace_id,"
              + " batch_id) VALUES (70, 'shopify', 'products/update', 1, 1, 'processing', 't', 5)");
      statement.executeUpdate(
          "INSERT INTO work_items (id, event_id, kind, priority, run_after, state, attempts,"
              + " max_attempts, created_at, updated_at, retries_without_progress, exclusive_key)"
              + " VALUES (7, 70, 'k', 1, 1, 'running', 1, 3, 1, 1, 2, 'product|shop-a|7')");
      statement.executeUpdate(
          "INSERT INTO work_items (id, kind, priority, run_after, state, max_attempts, created_at,"
              + " updated_at) VALUES (9, 'k', 1, 1, 'ready', 3, 1, 1)");
      statement.executeUpdate("DELETE FROM work_items WHERE id = 9");
    }

    flyway(url, null).migrate();

    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT event_id, state, attempts, retries_without_progress, exclusive_key"
                  + " FROM work_items WHERE id = 7")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(70);
        assertThat(rs.getString(2)).isEqualTo("running");
        assertThat(rs.getInt(3)).isEqualTo(1);
        assertThat(rs.getInt(4)).isEqualTo(2);
        assertThat(rs.getString(5)).isEqualTo("product|shop-a|7");
      }
      statement.executeUpdate(
          "INSERT INTO work_items (kind, priority, run_after, state, max_attempts, created_at,"
              + " updated_at) VALUES ('k', 1, 1, 'ready', 3, 1, 1)");
      try (ResultSet rs = statement.executeQuery("SELECT max(id) FROM work_items")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(10);
      }
      List<String> all = new ArrayList<>(V5_WORK_ITEM_INDEXES);
      all.addAll(List.of("work_items_exclusive_idx", "work_items_retrying_idx"));
      assertThat(indexes(connection)).containsExactlyInAnyOrderElementsOf(all);
      // The event dead while its item still runs: the trigger reads work_items and keeps the
      // member pending.
      statement.executeUpdate("UPDATE events SET status = 'dead' WHERE id = 70");
      try (ResultSet rs =
          statement.executeQuery("SELECT class FROM batch_members WHERE event_id = 70")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("pending");
      }
    }
  }

  @Override
  protected void advanceSequence(Connection connection) {
    // AUTOINCREMENT keeps the highest id inserted, explicit ones included.
  }

  @Override
  protected List<String> indexes(Connection connection) throws java.sql.SQLException {
    List<String> names = new ArrayList<>();
    try (Statement select = connection.createStatement();
        ResultSet rs =
            select.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'work_items'")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }
}
