package io.stockbridge.store.jdbc;

import io.stockbridge.store.DashboardReads;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** The dashboard's reads on JDBC; the same SQL on both engines. Thread-safe. */
final class JdbcDashboardReads implements DashboardReads {
  private final Jdbc jdbc;

  JdbcDashboardReads(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<Count> receivedBySource(long since, long bucketMillis) {
    // The bucket figures are longs of ours, not input: inlined so both engines type them alike.
    String bucket = "(received_at - " + since + ") / " + Math.max(1, bucketMillis);
    return jdbc.read(
        connection ->
            counts(
                connection,
                "SELECT source, NULL, "
                    + bucket
                    + " AS bucket, COUNT(*) FROM events WHERE received_at >= ?"
                    + " GROUP BY source, bucket",
                since,
                bucketMillis,
                since));
  }

  @Override
  public List<Count> settledByFlow(long since, long bucketMillis) {
    String bucket = "(at - " + since + ") / " + Math.max(1, bucketMillis);
    return jdbc.read(
        connection -> {
          long firstId = firstHistoryIdAtOrAfter(connection, since);
          return counts(
              connection,
              "SELECT COALESCE(flow, '-'), status, "
                  + bucket
                  + " AS bucket, COUNT(*) FROM event_history WHERE id >= ? AND at >= ?"
                  + " AND status IN ('succeeded', 'failed', 'dead')"
                  + " GROUP BY COALESCE(flow, '-'), status, bucket",
              since,
              bucketMillis,
              firstId,
              since);
        });
  }

  /**
   * History ids grow with time, and {@code at} has no index (it would cost every write on the hot
   * path): a binary search over the primary key finds where a time window starts in ~30 lookups.
   */
  private static long firstHistoryIdAtOrAfter(Connection connection, long since)
      throws SQLException {
    long low = 0;
    long high;
    try (PreparedStatement max = connection.prepareStatement("SELECT MAX(id) FROM event_history");
        ResultSet rs = max.executeQuery()) {
      rs.next();
      high = rs.getLong(1) + 1;
    }
    try (PreparedStatement at =
        connection.prepareStatement(
            "SELECT at FROM event_history WHERE id >= ? ORDER BY id LIMIT 1")) {
      while (low < high) {
        long middle = low + (high - low) / 2;
        at.setLong(1, middle);
        try (ResultSet rs = at.executeQuery()) {
          if (!rs.next() || rs.getLong(1) >= since) {
            high = middle;
          } else {
            low = middle + 1;
          }
        }
      }
    }
    return low;
  }

  private static List<Count> counts(
      Connection connection, String sql, long since, long bucketMillis, Object... values)
      throws SQLException {
    List<Count> counts = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      Jdbc.bind(select, values);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          counts.add(
              new Count(
                  since + rs.getLong(3) * bucketMillis,
                  rs.getString(1),
                  rs.getString(2),
                  rs.getLong(4)));
        }
      }
    }
    return counts;
  }

  @Override
  public QueueSample queueSample(long now) {
    // Every figure is read from an index, never from the items' rows: sampled every few seconds on
    // each node, a scan of the rows would cost as much as the backlog is long, during a burst when
    // the node is busiest (bench ingest: about 100 ms per sample at 140,000 ready items).
    return jdbc.read(
        connection -> {
          long[] byState = new long[4];
          for (int i = 0; i < SAMPLED_STATES.length; i++) {
            // Each state has a partial index of its own (V1): counted there.
            byState[i] =
                single(
                    connection,
                    "SELECT COUNT(*) FROM work_items WHERE state = '" + SAMPLED_STATES[i] + "'");
          }
          long retrying =
              single(
                  connection,
                  "SELECT COUNT(*) FROM work_items WHERE state = 'ready'"
                      + " AND error_type IS NOT NULL"); // work_items_retrying_idx (V26)
          long oldest = single(connection, OLDEST_DUE_READY, now);
          return new QueueSample(
              now,
              byState[0],
              byState[1],
              byState[2],
              byState[3],
              retrying,
              oldest == 0 ? 0 : Math.max(0, now - oldest));
        });
  }

  /** The states {@link #queueSample} counts, in its figures' order; literals match the indexes. */
  private static final String[] SAMPLED_STATES = {"ready", "running", "waiting", "dead"};

  /**
   * The earliest {@code run_after} of the ready items that are due (0 when none), from the ready
   * index ({@code priority, run_after, id}): its distinct priorities are walked one index seek each
   * (a loose index scan; a queue has a handful), and each priority's earliest due item is the first
   * entry of its range. A plain MIN over the ready items would read every entry.
   */
  static final String OLDEST_DUE_READY =
      "WITH RECURSIVE priorities(p) AS ("
          + " SELECT MIN(priority) FROM work_items WHERE state = 'ready'"
          + " UNION ALL"
          + " SELECT (SELECT MIN(priority) FROM work_items WHERE state = 'ready' AND priority > p)"
          + " FROM priorities WHERE p IS NOT NULL)"
          + " SELECT COALESCE(MIN((SELECT MIN(run_after) FROM work_items w"
          + " WHERE w.state = 'ready' AND w.priority = priorities.p AND w.run_after <= ?)), 0)"
          + " FROM priorities WHERE p IS NOT NULL";

  @Override
  public List<FlowQueue> queueByFlow(long now) {
    return jdbc.read(
        connection -> {
          List<FlowQueue> rows = new ArrayList<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT kind, state, COUNT(*), COALESCE(MIN(CASE WHEN state = 'ready'"
                      + " AND run_after <= ? THEN run_after END), 0)"
                      + " FROM work_items GROUP BY kind, state")) {
            Jdbc.bind(select, now);
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                rows.add(
                    new FlowQueue(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
              }
            }
          }
          return rows;
        });
  }

  private static long single(Connection connection, String sql, Object... values)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      Jdbc.bind(select, values);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  @Override
  public List<FailingItem> failingItems(int limit) {
    return jdbc.read(
        connection ->
            failing(
                connection,
                "SELECT * FROM work_items WHERE error_type IS NOT NULL"
                    + " AND state IN ('ready', 'dead') ORDER BY updated_at DESC, id DESC LIMIT ?",
                limit));
  }

  @Override
  public List<FailingItem> failuresOf(long eventId) {
    return jdbc.read(
        connection ->
            failing(
                connection,
                "SELECT * FROM work_items WHERE event_id = ? AND error_type IS NOT NULL"
                    + " ORDER BY updated_at DESC, id DESC",
                eventId));
  }

  private static List<FailingItem> failing(Connection connection, String sql, Object... values)
      throws SQLException {
    List<FailingItem> items = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      Jdbc.bind(select, values);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          items.add(
              new FailingItem(
                  rs.getLong("id"),
                  Jdbc.nullableLong(rs, "event_id"),
                  rs.getString("kind"),
                  rs.getString("store"),
                  rs.getString("state"),
                  rs.getInt("attempts"),
                  rs.getString("error_type"),
                  rs.getString("last_error"),
                  rs.getString("error_causes"),
                  rs.getLong("updated_at")));
        }
      }
    }
    return items;
  }

  @Override
  public OptionalLong lastReceived(String source, String store) {
    return jdbc.read(
        connection -> {
          String sql =
              store == null
                  ? "SELECT received_at FROM events WHERE source = ? ORDER BY id DESC LIMIT 1"
                  : "SELECT received_at FROM events WHERE store = ? AND source = ?"
                      + " ORDER BY id DESC LIMIT 1";
          try (PreparedStatement select = connection.prepareStatement(sql)) {
            if (store == null) {
              Jdbc.bind(select, source);
            } else {
              Jdbc.bind(select, store, source);
            }
            try (ResultSet rs = select.executeQuery()) {
              return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
          }
        });
  }

  @Override
  public List<BatchProgress> recentBatches(int limit) {
    return jdbc.read(
        connection -> {
          List<BatchProgress> batches = new ArrayList<>();
          try (PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT id, name, created_at, total FROM batches ORDER BY id DESC LIMIT ?");
              PreparedStatement counts =
                  connection.prepareStatement(
                      "SELECT status, COUNT(*) FROM events WHERE batch_id = ? GROUP BY status")) {
            select.setInt(1, limit);
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                long id = rs.getLong(1);
                Map<String, Long> byStatus = new LinkedHashMap<>();
                counts.setLong(1, id);
                try (ResultSet c = counts.executeQuery()) {
                  while (c.next()) {
                    byStatus.put(c.getString(1), c.getLong(2));
                  }
                }
                batches.add(
                    new BatchProgress(id, rs.getString(2), rs.getLong(3), rs.getLong(4), byStatus));
              }
            }
          }
          return batches;
        });
  }

  @Override
  public List<Budget> budgets() {
    return jdbc.read(
        connection -> {
          List<Budget> budgets = new ArrayList<>();
          try (PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT name, state, updated_at FROM rate_budgets ORDER BY name");
              ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              budgets.add(new Budget(rs.getString(1), rs.getString(2), rs.getLong(3)));
            }
          }
          return budgets;
        });
  }
}
