package io.stockbridge.store.sqlite;

import io.stockbridge.event.NewEvent;
import io.stockbridge.store.Engine;
import io.stockbridge.store.jdbc.Dialect;
import io.stockbridge.store.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * SQLite: one writer at a time (transactions begin IMMEDIATE), so claims need no row locks;
 * statements are in-process calls, so one insert per event costs microseconds.
 */
public final class SqliteDialect implements Dialect {
  @Override
  public Engine engine() {
    return Engine.SQLITE;
  }

  @Override
  public String migrationLocation() {
    return "classpath:db/migration/sqlite";
  }

  private static final String INSERT_EVENT =
      "INSERT INTO events (source, type, event_key, store, received_at, updated_at, status, attempts, flow,"
          + " trace_id, batch_id, dedupe_key, body_sha256, queued_for)"
          + " VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, NULL, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (dedupe_key) DO NOTHING RETURNING id";

  @Override
  public long[] insertEvents(Connection connection, List<NewEvent> events, long now)
      throws SQLException {
    long[] ids = new long[events.size()];
    PreparedStatement insert = Jdbc.reusable(connection, INSERT_EVENT);
    for (int i = 0; i < events.size(); i++) {
      NewEvent e = events.get(i);
      Jdbc.bind(
          insert,
          e.source(),
          e.type(),
          e.key(),
          e.store(),
          now,
          now,
          e.traceId(),
          e.batchId(),
          e.dedupeKey(),
          e.bodySha256(),
          e.queuedFor());
      try (ResultSet rs = insert.executeQuery()) {
        ids[i] = rs.next() ? rs.getLong(1) : -1;
      }
    }
    return ids;
  }

  @Override
  public boolean supportsSkipLocked() {
    return false;
  }

  /**
   * WAL with synchronous=NORMAL: the commit is in the log but not fsynced (set outside a
   * transaction).
   */
  @Override
  public RelaxedCommit relaxedCommit() {
    return new RelaxedCommit() {
      @Override
      public void beforeTransaction(Connection connection) throws SQLException {
        execute(connection, "PRAGMA synchronous = NORMAL");
      }

      @Override
      public void afterTransaction(Connection connection) throws SQLException {
        execute(connection, "PRAGMA synchronous = FULL");
      }
    };
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (java.sql.Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  @Override
  public boolean hasSingleWriter() {
    return true;
  }

  @Override
  public boolean supportsSeveralNodes() {
    return false;
  }
}
