package io.stockbridge.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockbridge.batch.Batch;
import io.stockbridge.batch.BatchException;
import io.stockbridge.batch.BatchStages;
import io.stockbridge.batch.BatchState;
import io.stockbridge.batch.BatchStore;
import io.stockbridge.event.NewWork;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Batches on JDBC, both engines. The counts are kept by the V19 triggers; what is here is opening,
 * closing, reading, and {@link #completeReady}: the one conditional update that completes batches
 * and appends their {@code batch.completed} event, called in every transaction that can end a
 * batch's last member (settlements, lease rescues) and in the one that closes a batch. Thread-safe.
 */
final class JdbcBatches implements BatchStore {
  static final String COLUMNS =
      "id, kind, name, state, expected, total, succeeded, failed, dead, opened_by, on_complete,"
          + " created_at, closed_at, completed_at, completion_event_id";

  /** The batch.completed item: before descriptions, after stock. */
  static final int STAGE_PRIORITY = 20;

  static final int STAGE_MAX_ATTEMPTS = 10;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Jdbc jdbc;
  private final Dialect dialect;

  JdbcBatches(Jdbc jdbc, Dialect dialect) {
    this.jdbc = jdbc;
    this.dialect = dialect;
  }

  @Override
  public Batch open(
      String kind, String name, String openedBy, List<String> rebuildStores, long now) {
    long id =
        jdbc.transaction(
            connection ->
                insert(connection, kind, name, BatchState.OPEN, openedBy, rebuildStores, now));
    return find(id).orElseThrow();
  }

  /** Inserts a batch row; returns its id. */
  static long insert(
      Connection connection,
      String kind,
      String name,
      BatchState state,
      String openedBy,
      List<String> rebuildStores,
      long now)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO batches (name, created_at, total, kind, state, opened_by, on_complete)"
                + " VALUES (?, ?, 0, ?, ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      Jdbc.bind(
          insert,
          name,
          now,
          kind,
          state.dbValue(),
          openedBy,
          rebuildStores.isEmpty() ? null : write(Map.of("rebuildReadModels", rebuildStores)));
      insert.executeUpdate();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  @Override
  public Batch close(long id, long now) {
    jdbc.transaction(
        connection -> {
          closeInTransaction(connection, dialect, id, now);
          return null;
        });
    return find(id).orElseThrow();
  }

  /** Closes open batch {@code id} and completes it if all its members have ended. */
  static void closeInTransaction(Connection connection, Dialect dialect, long id, long now)
      throws SQLException {
    int closed =
        Jdbc.update(
            connection,
            "UPDATE batches SET state = 'closed', closed_at = ? WHERE id = ? AND state = 'open'",
            now,
            id);
    if (closed == 0) {
      Optional<Batch> batch = read(connection, id);
      if (batch.isEmpty()) {
        throw new BatchException("no batch with id " + id, true);
      }
      throw new BatchException(
          "batch " + id + " is " + batch.get().state().dbValue() + ", not open", false);
    }
    completeReady(connection, dialect, now);
  }

  @Override
  public Optional<Batch> find(long id) {
    return jdbc.read(connection -> read(connection, id));
  }

  static Optional<Batch> read(Connection connection, long id) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT " + COLUMNS + " FROM batches WHERE id = ?")) {
      select.setLong(1, id);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  @Override
  public List<Batch> list(BatchState state, Long beforeId, int limit) {
    return jdbc.read(
        connection -> {
          List<Batch> batches = new ArrayList<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM batches WHERE (CAST(? AS TEXT) IS NULL OR state = ?)"
                      + " AND (CAST(? AS BIGINT) IS NULL OR id < ?) ORDER BY id DESC LIMIT ?")) {
            String s = state == null ? null : state.dbValue();
            Jdbc.bind(select, s, s, beforeId, beforeId, limit);
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                batches.add(row(rs));
              }
            }
          }
          return batches;
        });
  }

  /**
   * Completes every closed batch whose members have all ended (succeeded or dead) and that holds at
   * least its expected size, and appends one {@code batch.completed} event for each, with the item
   * that runs its next stages. One conditional update: on PostgreSQL the batch row's lock makes the
   * transaction that ends the last member the only one to see it complete; the state it moves from
   * makes a second completion impossible. Returns the ids completed.
   */
  private static final String COMPLETE_READY =
      "UPDATE batches SET state = 'completed', completed_at = ?"
          + " WHERE state = 'closed' AND succeeded + dead = total AND total >= expected"
          + " RETURNING "
          + COLUMNS;

  static List<Long> completeReady(Connection connection, Dialect dialect, long now)
      throws SQLException {
    List<Batch> completed = new ArrayList<>();
    // Prepared once per connection: every settling transaction runs it.
    PreparedStatement update = Jdbc.reusable(connection, COMPLETE_READY);
    update.setLong(1, now);
    try (ResultSet rs = update.executeQuery()) {
      while (rs.next()) {
        completed.add(row(rs));
      }
    }
    List<Long> ids = new ArrayList<>();
    for (Batch batch : completed) {
      long eventId = appendCompleted(connection, dialect, batch, now);
      Jdbc.update(
          connection,
          "UPDATE batches SET completion_event_id = ? WHERE id = ?",
          eventId < 0 ? null : eventId,
          batch.id());
      ids.add(batch.id());
    }
    return ids;
  }

  private static long appendCompleted(Connection connection, Dialect dialect, Batch batch, long now)
      throws SQLException {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", batch.id());
    view.put("kind", batch.kind());
    view.put("name", batch.name());
    view.put("total", batch.total());
    view.put("succeeded", batch.succeeded());
    view.put("failed", batch.failed());
    view.put("dead", batch.dead());
    view.put("expected", batch.expected());
    view.put("createdAt", batch.createdAt());
    view.put("closedAt", batch.closedAt());
    view.put("completedAt", now);
    view.put("rebuildReadModels", batch.rebuildStores());
    NewWork stage =
        new NewWork(
            null,
            BatchStages.KIND,
            "batch:" + batch.id(),
            null,
            STAGE_PRIORITY,
            now,
            STAGE_MAX_ATTEMPTS,
            write(Map.of("batchId", batch.id())));
    return ChangeEventAppend.append(
        connection,
        dialect,
        "batch.completed",
        Long.toString(batch.id()),
        null,
        "stockbridge:batch.completed:" + batch.id(),
        Map.of("batch", view),
        List.of(stage),
        now);
  }

  /**
   * Locks the batches the given events belong to, in id order, before a transaction changes those
   * events: the triggers then update batch rows in the same order on every node, so two settlements
   * touching two batches never deadlock. Nothing to do on a single-writer engine.
   */
  static void lockMemberBatches(Connection connection, Dialect dialect, Collection<Long> eventIds)
      throws SQLException {
    if (dialect.hasSingleWriter() || eventIds.isEmpty()) {
      return;
    }
    Array ids = connection.createArrayOf("bigint", eventIds.toArray());
    try (PreparedStatement lock =
        connection.prepareStatement(
            "SELECT id FROM batches WHERE id IN"
                + " (SELECT batch_id FROM batch_members WHERE event_id = ANY (?))"
                + " ORDER BY id FOR UPDATE")) {
      lock.setArray(1, ids);
      try (ResultSet rs = lock.executeQuery()) {
        while (rs.next()) {
          // locked
        }
      }
    }
  }

  private static Batch row(ResultSet rs) throws SQLException {
    return new Batch(
        rs.getLong("id"),
        rs.getString("kind"),
        rs.getString("name"),
        BatchState.parse(rs.getString("state")),
        rs.getLong("expected"),
        rs.getLong("total"),
        rs.getLong("succeeded"),
        rs.getLong("failed"),
        rs.getLong("dead"),
        rs.getString("opened_by"),
        stores(rs.getString("on_complete")),
        rs.getLong("created_at"),
        Jdbc.nullableLong(rs, "closed_at"),
        Jdbc.nullableLong(rs, "completed_at"),
        Jdbc.nullableLong(rs, "completion_event_id"));
  }

  private static List<String> stores(String onComplete) {
    if (onComplete == null) {
      return List.of();
    }
    try {
      Map<String, List<String>> parsed =
          JSON.readValue(onComplete, new TypeReference<Map<String, List<String>>>() {});
      return parsed.getOrDefault("rebuildReadModels", List.of());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable batches.on_complete: " + onComplete, e);
    }
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
