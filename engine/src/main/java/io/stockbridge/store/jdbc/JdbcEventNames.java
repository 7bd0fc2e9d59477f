package io.stockbridge.store.jdbc;

import io.stockbridge.event.EventName;
import io.stockbridge.event.EventNames;
import io.stockbridge.event.EventPage;
import io.stockbridge.event.EventQuery;
import io.stockbridge.event.EventRecord;
import io.stockbridge.event.NewEvent;
import io.stockbridge.idset.IdRanges;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The index of what events name (tables of migration V11, rows made by {@link EventNames}): written
 * with the events in their group commit, read by searches for a name, filled for older events by
 * {@link #backfill}. A search for a name reads up to three streams, each newest first straight from
 * an index and joined to the events with the other filters: the exact names, the one range bucket
 * the id falls in, and the wide rows (checked against the event's key); the newest of them make the
 * page.
 */
final class JdbcEventNames {
  private static final String INSERT_NAME =
      "INSERT INTO event_names (kind, value, event_id) VALUES (?, ?, ?)";
  private static final String INSERT_RANGE =
      "INSERT INTO event_name_ranges (kind, bucket, event_id, range_start, range_end)"
          + " VALUES (?, ?, ?, ?, ?)";
  private static final String CONFLICT_FREE = " ON CONFLICT DO NOTHING";

  /** Rounds of wide candidates read for one page before it is cut short. */
  private static final int WIDE_ROUNDS = 20;

  private JdbcEventNames() {}

  /** Indexes new events in the caller's transaction (the group commit). */
  static void insert(Connection connection, List<NewEvent> events, List<Long> ids)
      throws SQLException {
    List<EventNames.Rows> rows = new ArrayList<>(events.size());
    for (NewEvent event : events) {
      rows.add(EventNames.of(event));
    }
    write(connection, rows, ids, "");
  }

  private static void write(
      Connection connection, List<EventNames.Rows> rows, List<Long> ids, String onConflict)
      throws SQLException {
    boolean anyNames = false;
    boolean anyRanges = false;
    for (EventNames.Rows row : rows) {
      anyNames |= !row.names().isEmpty();
      anyRanges |= !row.ranges().isEmpty();
    }
    if (anyNames) {
      PreparedStatement insert = Jdbc.reusable(connection, INSERT_NAME + onConflict);
      for (int i = 0; i < rows.size(); i++) {
        for (EventName name : rows.get(i).names()) {
          insert.setString(1, name.kind());
          insert.setString(2, name.value());
          insert.setLong(3, ids.get(i));
          insert.addBatch();
        }
      }
      insert.executeBatch();
    }
    if (anyRanges) {
      PreparedStatement insert = Jdbc.reusable(connection, INSERT_RANGE + onConflict);
      for (int i = 0; i < rows.size(); i++) {
        for (EventNames.RangeRow range : rows.get(i).ranges()) {
          Jdbc.bind(insert, range.kind(), range.bucket(), ids.get(i), range.first(), range.last());
          insert.addBatch();
        }
      }
      insert.executeBatch();
    }
  }

  /** A page of the events naming {@code query.name()} that match the rest of the query. */
  static EventPage search(Connection connection, EventQuery query) throws SQLException {
    EventFilter filter = EventFilter.of(query);
    EventName name = query.name();
    int wanted = query.limit() + 1;
    Map<Long, EventRecord> found = new LinkedHashMap<>();
    for (EventRecord record : names(connection, name, filter, query.beforeId(), wanted)) {
      found.putIfAbsent(record.id(), record);
    }
    for (EventRecord record : byKey(connection, name, filter, query.beforeId(), wanted)) {
      found.putIfAbsent(record.id(), record);
    }
    OptionalLong id = asId(name);
    if (id.isPresent()) {
      long productId = id.getAsLong();
      for (EventRecord record :
          rangeStream(
              connection,
              name.kind(),
              EventNames.bucket(productId),
              productId,
              filter,
              query.beforeId(),
              wanted)) {
        found.putIfAbsent(record.id(), record);
      }
      for (EventRecord record : wide(connection, name.kind(), productId, filter, query, wanted)) {
        found.putIfAbsent(record.id(), record);
      }
    }
    List<EventRecord> records = new ArrayList<>(found.values());
    records.sort(Comparator.comparingLong(EventRecord::id).reversed());
    boolean more = records.size() > query.limit();
    List<EventRecord> page = more ? records.subList(0, query.limit()) : records;
    return new EventPage(List.copyOf(page), more ? page.get(page.size() - 1).id() : null);
  }

  /** How many events name {@code query.name()} and match the rest of the query. */
  static long count(Connection connection, EventQuery query) throws SQLException {
    EventFilter filter = EventFilter.of(query);
    EventName name = query.name();
    long count;
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT count(*) FROM event_names n CROSS JOIN events WHERE n.kind = ? AND n.value = ?"
                + " AND events.id = n.event_id"
                + filter.and())) {
      Jdbc.bind(select, name.kind(), name.value());
      bindFrom(select, 3, filter);
      count = single(select);
    }
    String keyed = keyCondition(name.kind());
    if (keyed != null) {
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT count(*) FROM events" + keyWhere(keyed) + filter.and())) {
        Jdbc.bind(select, name.value(), name.value());
        bindFrom(select, 3, filter);
        count += single(select);
      }
    }
    OptionalLong id = asId(name);
    if (id.isPresent()) {
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT count(*) FROM event_name_ranges r CROSS JOIN events WHERE r.kind = ?"
                  + " AND r.bucket = ? AND r.range_start <= ? AND r.range_end >= ?"
                  + " AND events.id = r.event_id"
                  + filter.and())) {
        long productId = id.getAsLong();
        Jdbc.bind(select, name.kind(), EventNames.bucket(productId), productId, productId);
        bindFrom(select, 5, filter);
        count += single(select);
      }
      Long before = query.beforeId();
      while (true) {
        List<EventRecord> wide =
            rangeStream(
                connection,
                name.kind(),
                EventNames.WIDE_BUCKET,
                id.getAsLong(),
                filter,
                before,
                EventQuery.MAX_LIMIT);
        for (EventRecord record : wide) {
          if (IdRanges.contains(record.key(), id.getAsLong())) {
            count++;
          }
        }
        if (wide.size() < EventQuery.MAX_LIMIT) {
          break;
        }
        before = wide.get(wide.size() - 1).id();
      }
    }
    return count;
  }

  private static long single(PreparedStatement select) throws SQLException {
    try (ResultSet rs = select.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void bindFrom(PreparedStatement statement, int first, EventFilter filter)
      throws SQLException {
    List<Object> values = filter.values();
    for (int i = 0; i < values.size(); i++) {
      Object value = values.get(i);
      if (value instanceof Long l) {
        statement.setLong(first + i, l);
      } else if (value instanceof String text) {
        statement.setString(first + i, text);
      } else {
        statement.setObject(first + i, value);
      }
    }
  }

  /** An id-like name (a product id) is also looked up among the ranges. */
  private static OptionalLong asId(EventName name) {
    String value = name.value();
    if (value.isEmpty()
        || value.length() > 18
        || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalLong.empty();
    }
    long id = Long.parseLong(value);
    return id > 0 ? OptionalLong.of(id) : OptionalLong.empty();
  }

  private static List<EventRecord> names(
      Connection connection, EventName name, EventFilter filter, Long before, int limit)
      throws SQLException {
    String sql =
        "SELECT "
            + JdbcEventLog.EVENT_COLUMNS
            + " FROM event_names n CROSS JOIN events WHERE n.kind = ? AND n.value = ?"
            + (before == null ? "" : " AND n.event_id < ?")
            + " AND events.id = n.event_id"
            + filter.and()
            + " ORDER BY n.event_id DESC LIMIT ?";
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      int next = 1;
      select.setString(next++, name.kind());
      select.setString(next++, name.value());
      if (before != null) {
        select.setLong(next++, before);
      }
      bindFrom(select, next, filter);
      select.setInt(next + filter.values().size(), limit);
      return read(select);
    }
  }

  /**
   * Which events a name keying them is found by, when it has no row of its own (mirrors {@link
   * EventNames#servedByKey}); null for kinds always stored as rows.
   */
  private static String keyCondition(String kind) {
    return switch (kind) {
      case EventName.PRODUCT ->
          "((source = 'brightpearl' AND (type = 'product' OR substr(type, 1, 8) = 'product.'))"
              + " OR source NOT IN ('brightpearl', 'shopify'))";
      case EventName.SKU -> "source NOT IN ('brightpearl', 'shopify')";
      default -> null;
    };
  }

  /** The events' key index (V7: its first characters, then the whole key), and {@code keyed}. */
  private static String keyWhere(String keyed) {
    return " WHERE substr(event_key, 1, "
        + EventFilter.KEY_PREFIX
        + ") = substr(CAST(? AS TEXT), 1, "
        + EventFilter.KEY_PREFIX
        + ") AND event_key = ? AND "
        + keyed;
  }

  /** The events whose whole key is the name (they have no row for it). */
  private static List<EventRecord> byKey(
      Connection connection, EventName name, EventFilter filter, Long before, int limit)
      throws SQLException {
    String keyed = keyCondition(name.kind());
    if (keyed == null) {
      return List.of();
    }
    String sql =
        "SELECT "
            + JdbcEventLog.EVENT_COLUMNS
            + " FROM events"
            + keyWhere(keyed)
            + (before == null ? "" : " AND id < ?")
            + filter.and()
            + " ORDER BY id DESC LIMIT ?";
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      int next = 1;
      select.setString(next++, name.value());
      select.setString(next++, name.value());
      if (before != null) {
        select.setLong(next++, before);
      }
      bindFrom(select, next, filter);
      select.setInt(next + filter.values().size(), limit);
      return read(select);
    }
  }

  /** The wide rows' events that really name {@code id}, checked against their keys. */
  private static List<EventRecord> wide(
      Connection connection, String kind, long id, EventFilter filter, EventQuery query, int wanted)
      throws SQLException {
    List<EventRecord> hits = new ArrayList<>();
    Long before = query.beforeId();
    for (int round = 0; round < WIDE_ROUNDS; round++) {
      List<EventRecord> candidates =
          rangeStream(connection, kind, EventNames.WIDE_BUCKET, id, filter, before, wanted);
      for (EventRecord candidate : candidates) {
        if (IdRanges.contains(candidate.key(), id)) {
          hits.add(candidate);
        }
      }
      if (candidates.size() < wanted || hits.size() >= wanted) {
        break;
      }
      before = candidates.get(candidates.size() - 1).id();
    }
    return hits;
  }

  private static List<EventRecord> rangeStream(
      Connection connection,
      String kind,
      long bucket,
      long id,
      EventFilter filter,
      Long before,
      int limit)
      throws SQLException {
    String sql =
        "SELECT "
            + JdbcEventLog.EVENT_COLUMNS
            + " FROM event_name_ranges r CROSS JOIN events WHERE r.kind = ? AND r.bucket = ?"
            + " AND r.range_start <= ? AND r.range_end >= ?"
            + (before == null ? "" : " AND r.event_id < ?")
            + " AND events.id = r.event_id"
            + filter.and()
            + " ORDER BY r.event_id DESC LIMIT ?";
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      int next = 1;
      select.setString(next++, kind);
      select.setLong(next++, bucket);
      select.setLong(next++, id);
      select.setLong(next++, id);
      if (before != null) {
        select.setLong(next++, before);
      }
      bindFrom(select, next, filter);
      select.setInt(next + filter.values().size(), limit);
      return read(select);
    }
  }

  private static List<EventRecord> read(PreparedStatement select) throws SQLException {
    List<EventRecord> records = new ArrayList<>();
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        records.add(JdbcEventLog.readEvent(rs));
      }
    }
    return records;
  }

  /**
   * Indexes up to {@code max} of the events stored before V11, newest first, in one transaction;
   * returns how many it read (0 once none is left).
   */
  static int backfill(Connection connection, int max) throws SQLException {
    long below;
    try (PreparedStatement select =
        connection.prepareStatement("SELECT below FROM event_names_backfill WHERE id = 1")) {
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          return 0;
        }
        below = rs.getLong(1);
      }
    }
    if (below <= 0) {
      return 0;
    }
    List<EventNames.Rows> rows = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT e.id, e.source, e.type, e.event_key,"
                + " CASE WHEN e.source = 'brightpearl' THEN NULL ELSE p.body END AS body"
                + " FROM events e LEFT JOIN event_payloads p ON p.event_id = e.id"
                + " WHERE e.id < ? ORDER BY e.id DESC LIMIT ?")) {
      Jdbc.bind(select, below, max);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
          rows.add(
              EventNames.of(rs.getString(2), rs.getString(3), rs.getString(4), rs.getBytes(5)));
        }
      }
    }
    write(connection, rows, ids, CONFLICT_FREE);
    long next = ids.isEmpty() ? 0 : ids.get(ids.size() - 1);
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE event_names_backfill SET below = ? WHERE id = 1 AND below = ?")) {
      Jdbc.bind(update, next, below);
      update.executeUpdate();
    }
    return ids.size();
  }

  /** How many events stored before V11 wait for the backfill. */
  static long backfillRemaining(Connection connection) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT count(*) FROM events WHERE id < (SELECT COALESCE(MAX(below), 0) FROM"
                + " event_names_backfill)")) {
      return single(select);
    }
  }
}
