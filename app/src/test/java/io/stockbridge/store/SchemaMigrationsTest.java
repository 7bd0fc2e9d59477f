package io.stockbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.event.NewWork;
import io.stockbridge.queue.WorkItem;
import io.stockbridge.store.wiring.StorageFactory;
import io.stockbridge.testhelper.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The migrations themselves, on each engine: applied ones are never edited (their checksums are
 * recorded in {@code db/applied-migrations.txt}), V5 keeps every work item, and the state column
 * takes only the four item states.
 */
abstract class SchemaMigrationsTest {
  static final long T0 = 1_800_000_000_000L;

  /** The work_items indexes of V1 and V2, which V5 rebuilds on SQLite. */
  static final List<String> V5_WORK_ITEM_INDEXES =
      List.of(
          "work_items_ready_idx",
          "work_items_key_idx",
          "work_items_lease_idx",
          "work_items_wait_idx",
          "work_items_dead_idx",
          "work_items_event_idx",
          "work_items_waiting_due_idx");

  /** A JDBC URL of a fresh, empty database (or schema). */
  protected abstract String freshDatabase();

  /** The engine's name in the recorded list and its Flyway location. */
  protected abstract String engine();

  protected void cleanUp() {}

  @AfterEach
  void dropDatabase() {
    cleanUp();
  }

  protected Flyway flyway(String url, String target) {
    var config =
        Flyway.configure()
            .dataSource(url, null, null)
            .locations("classpath:db/migration/" + engine());
    return (target == null ? config : config.target(target)).load();
  }

  @Test
  void applied_migrations_match_the_recorded_checksums_so_none_is_ever_edited() throws Exception {
    String url = freshDatabase();
    flyway(url, null).migrate();
    Map<String, Integer> applied = new LinkedHashMap<>();
    try (Connection connection = DriverManager.getConnection(url);
        Statement select = connection.createStatement();
        ResultSet rs =
            select.executeQuery(
                "SELECT version, checksum FROM flyway_schema_history WHERE success"
                    + " AND version IS NOT NULL ORDER BY installed_rank")) {
      while (rs.next()) {
        applied.put(rs.getString(1), rs.getInt(2));
      }
    }
    Map<String, Integer> recorded = recorded(engine());
    List<String> problems = new ArrayList<>();
    applied.forEach(
        (version, checksum) -> {
          Integer expected = recorded.get(version);
          if (expected == null) {
            problems.add(
                "V"
                    + version
                    + " is not recorded: add the line '"
                    + engine()
                    + " "
                    + version
                    + " "
                    + checksum
                    + "' to db/applied-migrations.txt");
          } else if (!expected.equals(checksum)) {
            problems.add(
                "V"
                    + version
                    + " was edited after it was applied (recorded checksum "
                    + expected
                    + ", now "
                    + checksum
                    + "): restore it and put the change in a new migration");
          }
        });
    recorded.keySet().stream()
        .filter(version -> !applied.containsKey(version))
        .forEach(version -> problems.add("V" + version + " was recorded but no longer exists"));
    assertThat(problems).as(engine() + " migrations").isEmpty();
  }

  private static Map<String, Integer> recorded(String engine) throws IOException {
    Map<String, Integer> versions = new LinkedHashMap<>();
    try (InputStream in =
        SchemaMigrationsTest.class.getResourceAsStream("/db/applied-migrations.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String[] fields = line.strip().split("\\s+");
        if (fields.length == 3 && fields[0].equals(engine)) {
          versions.put(fields[1], Integer.parseInt(fields[2]));
        }
      }
    }
    return versions;
  }

  @Test
  void v5_keeps_every_work_item_its_indexes_and_the_id_sequence() throws Exception {
    String url = freshDatabase();
    flyway(url, "4").migrate();
    try (Connection connection = DriverManager.getConnection(url)) {
      insertItem(connection, 1, "ready", 0, null);
      insertItem(connection, 2, "waiting", 1, "product|shop-a|7");
      insertItem(connection, 3, "dead", 3, null);
      insertItem(connection, 4, "ready", 0, null);
      advanceSequence(connection);
      // Done items are deleted: the highest id ever given is above every remaining row's.
      try (Statement delete = connection.createStatement()) {
        delete.executeUpdate("DELETE FROM work_items WHERE id = 4");
      }
    }

    try (Storage storage =
        StorageFactory.open(new StockbridgeConfig.Database(url, 4), new MutableClock(T0))) {
      assertThat(storage.migrate()).isPositive();
      assertThat(storage.queue().stats())
          .isEqualTo(new io.stockbridge.queue.QueueStats(1, 0, 1, 1));
      assertThat(storage.queue().dead(null, null, 10))
          .singleElement()
          .satisfies(dead -> assertThat(dead.attempts()).isEqualTo(3));
      assertThat(storage.queue().release("product|shop-a|7", T0)).isEqualTo(1);
      List<WorkItem> claimed = storage.queue().claim("n1", 10, T0, T0 + 30_000);
      assertThat(claimed).extracting(WorkItem::id).containsExactly(1L, 2L);
      assertThat(claimed).extracting(WorkItem::retriesWithoutProgress).containsOnly(0);

      storage.queue().enqueue(List.of(new NewWork(null, "k", null, null, 1, T0, 3, null)), T0);
      assertThat(storage.queue().claim("n1", 10, T0, T0 + 30_000))
          .singleElement()
          .satisfies(item -> assertThat(item.id()).isGreaterThan(4));
    }
    try (Connection connection = DriverManager.getConnection(url)) {
      assertThat(indexes(connection)).containsAll(V5_WORK_ITEM_INDEXES);
    }
  }

  @Test
  void the_work_item_state_column_takes_only_the_four_item_states() throws Exception {
    String url = freshDatabase();
    flyway(url, null).migrate();
    try (Connection connection = DriverManager.getConnection(url)) {
      for (String state : List.of("ready", "running", "waiting", "dead")) {
        insertItem(connection, 0, state, 0, null);
      }
      assertThatThrownBy(() -> insertItem(connection, 0, "failed", 0, null))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(e.getMessage()).containsIgnoringCase("check constraint"));
    }
  }

  /** Inserts a work item with {@code id} (0: the next from the sequence). */
  private static void insertItem(
      Connection connection, long id, String state, int attempts, String waitFor)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO work_items (%skind, priority, run_after, state, attempts, max_attempts,"
                    .formatted(id > 0 ? "id, " : "")
                + " wait_for, created_at, updated_at) VALUES (%s?, 1, ?, ?, ?, 3, ?, ?, ?)"
                    .formatted(id > 0 ? id + ", " : ""))) {
      insert.setString(1, "k");
      insert.setLong(2, T0);
      insert.setString(3, state);
      insert.setInt(4, attempts);
      insert.setString(5, waitFor);
      insert.setLong(6, T0);
      insert.setLong(7, T0);
      insert.executeUpdate();
    }
  }

  /** After rows inserted with explicit ids, the engine's id sequence must be past them. */
  protected abstract void advanceSequence(Connection connection) throws SQLException;

  protected abstract List<String> indexes(Connection connection) throws SQLException;
}
