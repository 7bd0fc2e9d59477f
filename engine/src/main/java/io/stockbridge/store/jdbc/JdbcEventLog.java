package io.stockbridge.store.jdbc;

import io.stockbridge.event.AppendResult;
import io.stockbridge.event.EventLog;
import io.stockbridge.event.EventPage;
import io.stockbridge.event.EventQuery;
import io.stockbridge.event.EventRecord;
import io.stockbridge.event.EventStatus;
import io.stockbridge.event.HistoryEntry;
import io.stockbridge.event.NewEvent;
import io.stockbridge.event.NewWork;
import io.stockbridge.event.Payload;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The event log on JDBC, shared by both engines. Thread-safe. */
final class JdbcEventLog implements EventLog {
  static final String EVENT_COLUMNS =
      "id, source, type, event_key, store, received_at, updated_at, status, attempts, flow, trace_id,"
          + " batch_id, dedupe_key, payload_archive";

  private final Jdbc jdbc;
  private final Dialect dialect;

  JdbcEventLog(Jdbc jdbc, Dialect dialect) {
    this.jdbc = jdbc;
    this.dialect = dialect;
  }

  @Override
  public List<AppendResult> append(List<NewEvent> events, long now) {
    if (events.isEmpty()) {
      return List.of();
    }
    return jdbc.transaction(connection -> appendInTransaction(connection, dialect, events, now));
  }

  /** Appends {@code events} inside the caller's transaction. */
  static List<AppendResult> appendInTransaction(
      Connection connection, Dialect dialect, List<NewEvent> events, long now) throws SQLException {
    // Duplicates inside one batch are resolved here, so the engine only sees distinct keys.
    Map<String, Integer> firstIndexByKey = new HashMap<>();
    List<NewEvent> distinct = new ArrayList<>();
    int[] distinctIndex = new int[events.size()];
    for (int i = 0; i < events.size(); i++) {
      NewEvent event = events.get(i);
      Integer first = event.dedupeKey() == null ? null : firstIndexByKey.get(event.dedupeKey());
      if (first != null) {
        distinctIndex[i] = -1 - first;
      } else {
        if (event.dedupeKey() != null) {
          firstIndexByKey.put(event.dedupeKey(), distinct.size());
        }
        distinctIndex[i] = distinct.size();
        distinct.add(event);
      }
    }
    long[] ids = dialect.insertEvents(connection, distinct, now);
    List<AppendResult> distinctResults = new ArrayList<>(distinct.size());
    // The body hash each distinct key is stored with: this batch's for new events, else the row's.
    String[] storedHashes = new String[distinct.size()];
    List<NewEvent> inserted = new ArrayList<>();
    List<Long> insertedIds = new ArrayList<>();
    for (int i = 0; i < distinct.size(); i++) {
      if (ids[i] < 0) {
        Existing found = existing(connection, distinct.get(i).dedupeKey());
        storedHashes[i] = found.bodySha256();
        distinctResults.add(
            new AppendResult(found.id(), true, differs(found.bodySha256(), distinct.get(i))));
      } else {
        storedHashes[i] = distinct.get(i).bodySha256();
        distinctResults.add(new AppendResult(ids[i], false));
        inserted.add(distinct.get(i));
        insertedIds.add(ids[i]);
      }
    }
    insertPayloads(connection, inserted, insertedIds, now);
    JdbcEventNames.insert(connection, inserted, insertedIds);
    // No history row: the 'received' and 'queued' steps are read from the event row
    // (JdbcHistory.forEvent), one row and one index entry fewer per event.
    List<NewWork> work = new ArrayList<>();
    for (int i = 0; i < inserted.size(); i++) {
      for (NewWork item : inserted.get(i).work()) {
        work.add(item.withEventId(insertedIds.get(i)));
      }
    }
    JdbcWorkQueue.insertWork(connection, work, now);
    List<AppendResult> results = new ArrayList<>(events.size());
    for (int index : distinctIndex) {
      if (index >= 0) {
        results.add(distinctResults.get(index));
      } else {
        // A second event with a key already in this batch: a duplicate of the first one.
        int firstIndex = -1 - index;
        results.add(
            new AppendResult(
                distinctResults.get(firstIndex).eventId(),
                true,
                differs(storedHashes[firstIndex], events.get(results.size()))));
      }
    }
    return results;
  }

  private record Existing(long id, String bodySha256) {}

  /** The stored event with {@code dedupeKey}: its id and body hash. */
  private static Existing existing(Connection connection, String dedupeKey) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT id, body_sha256 FROM events WHERE dedupe_key = ?")) {
      select.setString(1, dedupeKey);
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("dedupe key conflict without an existing event");
        }
        return new Existing(rs.getLong(1), rs.getString(2));
      }
    }
  }

  /** Whether both bodies are known and differ (an event stored before V12 has no hash). */
  private static boolean differs(String storedHash, NewEvent event) {
    return storedHash != null
        && event.bodySha256() != null
        && !storedHash.equals(event.bodySha256());
  }

  private static final String INSERT_PAYLOAD =
      "INSERT INTO event_payloads (event_id, content_type, body, received_at) VALUES (?, ?, ?, ?)";

  private static void insertPayloads(
      Connection connection, List<NewEvent> events, List<Long> ids, long now) throws SQLException {
    if (events.isEmpty()) {
      return;
    }
    PreparedStatement insert = Jdbc.reusable(connection, INSERT_PAYLOAD);
    for (int i = 0; i < events.size(); i++) {
      NewEvent event = events.get(i);
      Jdbc.bind(insert, ids.get(i), event.contentType(), event.payload(), now);
      insert.addBatch();
    }
    insert.executeBatch();
  }

  @Override
  public Optional<EventRecord> find(long id) {
    List<EventRecord> found = findAll(List.of(id));
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  @Override
  public List<EventRecord> findAll(List<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.read(
        connection -> {
          List<EventRecord> records = new ArrayList<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT " + EVENT_COLUMNS + " FROM events WHERE id = ?")) {
            for (long id : ids) {
              select.setLong(1, id);
              try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                  records.add(readEvent(rs));
                }
              }
            }
          }
          return records;
        });
  }

  static EventRecord readEvent(ResultSet rs) throws SQLException {
    return new EventRecord(
        rs.getLong("id"),
        rs.getString("source"),
        rs.getString("type"),
        rs.getString("event_key"),
        rs.getString("store"),
        rs.getLong("received_at"),
        rs.getLong("updated_at"),
        EventStatus.parse(rs.getString("status")),
        rs.getInt("attempts"),
        rs.getString("flow"),
        rs.getString("trace_id"),
        Jdbc.nullableLong(rs, "batch_id"),
        rs.getString("dedupe_key"),
        rs.getString("payload_archive"));
  }

  @Override
  public Optional<Payload> payload(long id) {
    return jdbc.read(
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT content_type, body FROM event_payloads WHERE event_id = ?")) {
            select.setLong(1, id);
            try (ResultSet rs = select.executeQuery()) {
              return rs.next()
                  ? Optional.of(new Payload(rs.getString(1), rs.getBytes(2)))
                  : Optional.empty();
            }
          }
        });
  }

  @Override
  public List<HistoryEntry> history(long id) {
    return jdbc.read(connection -> JdbcHistory.forEvent(connection, id));
  }

  @Override
  public EventPage search(EventQuery query) {
    if (query.name() != null) {
      return jdbc.read(connection -> JdbcEventNames.search(connection, query));
    }
    EventFilter filter = EventFilter.of(query);
    String sql = filter.pageSql();
    return jdbc.read(
        connection -> {
          List<EventRecord> records = new ArrayList<>();
          try (PreparedStatement select = connection.prepareStatement(sql)) {
            int next = filter.bind(select);
            select.setInt(next, query.limit() + 1);
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                records.add(readEvent(rs));
              }
            }
          }
          boolean more = records.size() > query.limit();
          List<EventRecord> page = more ? records.subList(0, query.limit()) : records;
          return new EventPage(List.copyOf(page), more ? page.get(page.size() - 1).id() : null);
        });
  }

  @Override
  public long count(EventQuery query) {
    if (query.name() != null) {
      return jdbc.read(connection -> JdbcEventNames.count(connection, query));
    }
    EventFilter filter = EventFilter.of(query);
    return jdbc.read(
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement("SELECT count(*) FROM events" + filter.where())) {
            filter.bind(select);
            try (ResultSet rs = select.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  @Override
  public int backfillNames(int maxEvents) {
    return jdbc.transaction(connection -> JdbcEventNames.backfill(connection, maxEvents));
  }

  @Override
  public long namesBackfillRemaining() {
    return jdbc.read(JdbcEventNames::backfillRemaining);
  }

  @Override
  public void requeue(List<Requeue> requeues, Long batchId, String detail, long now) {
    if (requeues.isEmpty()) {
      return;
    }
    jdbc.transaction(
        connection -> {
          List<NewWork> work = new ArrayList<>();
          try (PreparedStatement update =
                  connection.prepareStatement(
                      "UPDATE events SET status = 'queued', updated_at = ?, batch_id = COALESCE(?, batch_id) WHERE id = ?");
              // The replay supersedes the event's dead letters: left in place, they would make the
              // event end dead again however its replay went (and a redrive would run it twice).
              PreparedStatement superseded =
                  connection.prepareStatement(
                      "DELETE FROM work_items WHERE event_id = ? AND state = 'dead'");
              PreparedStatement history = connection.prepareStatement(JdbcHistory.INSERT)) {
            for (Requeue requeue : requeues) {
              Jdbc.bind(update, now, batchId, requeue.eventId());
              update.addBatch();
              Jdbc.bind(superseded, requeue.eventId());
              superseded.addBatch();
              JdbcHistory.add(
                  history, requeue.eventId(), now, EventStatus.QUEUED, null, null, null, detail);
              requeue.work().forEach(item -> work.add(item.withEventId(requeue.eventId())));
            }
            update.executeBatch();
            superseded.executeBatch();
            history.executeBatch();
          }
          JdbcWorkQueue.insertWork(connection, work, now);
          return null;
        });
  }

  @Override
  public long createBatch(String name, int total, long now) {
    return jdbc.transaction(
        connection -> {
          long id =
              JdbcBatches.insert(
                  connection,
                  "reference",
                  name,
                  io.stockbridge.batch.BatchState.REFERENCE,
                  null,
                  List.of(),
                  now);
          Jdbc.update(connection, "UPDATE batches SET expected = ? WHERE id = ?", total, id);
          return id;
        });
  }

  @Override
  public long openBatch(String kind, String name, long now) {
    return jdbc.transaction(
        connection ->
            JdbcBatches.insert(
                connection,
                kind,
                name,
                io.stockbridge.batch.BatchState.OPEN,
                "engine",
                List.of(),
                now));
  }

  @Override
  public void closeBatch(long batchId, long now) {
    jdbc.transaction(
        connection -> {
          JdbcBatches.closeInTransaction(connection, dialect, batchId, now);
          return null;
        });
  }

  @Override
  public List<StoredPayload> payloadsOlderThan(long cutoff, int limit) {
    return jdbc.read(
        connection -> {
          List<StoredPayload> payloads = new ArrayList<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT event_id, received_at, content_type, body FROM event_payloads WHERE received_at < ?"
                      + " ORDER BY received_at LIMIT ?")) {
            Jdbc.bind(select, cutoff, limit);
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                payloads.add(
                    new StoredPayload(
                        rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getBytes(4)));
              }
            }
          }
          return payloads;
        });
  }

  @Override
  public void dropPayloads(List<Long> eventIds, String archive) {
    jdbc.transaction(
        connection -> {
          try (PreparedStatement delete =
                  connection.prepareStatement("DELETE FROM event_payloads WHERE event_id = ?");
              PreparedStatement mark =
                  connection.prepareStatement(
                      "UPDATE events SET payload_archive = ? WHERE id = ?")) {
            for (long id : eventIds) {
              delete.setLong(1, id);
              delete.addBatch();
              Jdbc.bind(mark, archive == null ? "deleted" : archive, id);
              mark.addBatch();
            }
            delete.executeBatch();
            mark.executeBatch();
          }
          return null;
        });
  }
}
