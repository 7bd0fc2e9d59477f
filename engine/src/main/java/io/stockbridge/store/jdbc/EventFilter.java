package io.stockbridge.store.jdbc;

import io.stockbridge.event.EventQuery;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The WHERE clause of an {@link EventQuery}; every filter is a bound parameter, never spliced text.
 */
public record EventFilter(String where, List<Object> values) {
  /** How many leading characters of an event key its index holds (migration V7). */
  static final int KEY_PREFIX = 256;

  public static EventFilter of(EventQuery query) {
    List<String> clauses = new ArrayList<>();
    List<Object> values = new ArrayList<>();
    add(clauses, values, "status = ?", query.status() == null ? null : query.status().dbValue());
    add(clauses, values, "source = ?", query.source());
    add(clauses, values, "type = ?", query.type());
    if (query.key() != null) {
      // Keys (ID sets) can be thousands of characters: the index holds their first 256 (V7).
      clauses.add(
          "substr(event_key, 1, "
              + KEY_PREFIX
              + ") = substr(CAST(? AS TEXT), 1, "
              + KEY_PREFIX
              + ") AND event_key = ?");
      values.add(query.key());
      values.add(query.key());
    }
    add(clauses, values, "store = ?", query.store());
    add(clauses, values, "flow = ?", query.flow());
    add(clauses, values, "batch_id = ?", query.batchId());
    add(clauses, values, "received_at >= ?", query.from());
    add(clauses, values, "received_at < ?", query.to());
    add(clauses, values, "id < ?", query.beforeId());
    String where = clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
    return new EventFilter(where, values);
  }

  private static void add(List<String> clauses, List<Object> values, String clause, Object value) {
    if (value != null) {
      clauses.add(clause);
      values.add(value);
    }
  }

  /** The filter's conditions to follow other conditions ({@code " AND ..."}), or nothing. */
  String and() {
    return where.isEmpty() ? "" : " AND " + where.substring(" WHERE ".length());
  }

  /** The first page's SQL: filter, newest first, a limit parameter bound after the values. */
  public String pageSql() {
    return "SELECT "
        + JdbcEventLog.EVENT_COLUMNS
        + " FROM events"
        + where
        + " ORDER BY id DESC LIMIT ?";
  }

  /** Binds the filter's values; returns the next free parameter index. */
  int bind(PreparedStatement statement) throws SQLException {
    Jdbc.bind(statement, values.toArray());
    return values.size() + 1;
  }
}
