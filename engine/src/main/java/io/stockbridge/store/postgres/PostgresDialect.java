package io.stockbridge.store.postgres;

import io.stockbridge.event.NewEvent;
import io.stockbridge.store.Engine;
import io.stockbridge.store.jdbc.Dialect;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * PostgreSQL: claims with {@code FOR UPDATE SKIP LOCKED} so nodes claim side by side; a batch of
 * events is inserted with one {@code unnest} statement (ids reserved from the sequence first), so a
 * group commit of hundreds of events costs a few round trips.
 */
public final class PostgresDialect implements Dialect {
  @Override
  public Engine engine() {
    return Engine.POSTGRES;
  }

  @Override
  public String migrationLocation() {
    return "classpath:db/migration/postgres";
  }

  @Override
  public long[] insertEvents(Connection connection, List<NewEvent> events, long now)
      throws SQLException {
    int n = events.size();
    Long[] ids = new Long[n];
    try (PreparedStatement reserve =
        connection.prepareStatement(
            "SELECT nextval(pg_get_serial_sequence('events', 'id')) FROM generate_series(1, ?)")) {
      reserve.setInt(1, n);
      try (ResultSet rs = reserve.executeQuery()) {
        for (int i = 0; i < n; i++) {
          rs.next();
          ids[i] = rs.getLong(1);
        }
      }
    }
    String[] sources = new String[n];
    String[] types = new String[n];
    String[] keys = new String[n];
    String[] stores = new String[n];
    String[] traces = new String[n];
    Long[] batches = new Long[n];
    String[] dedupes = new String[n];
    String[] bodyHashes = new String[n];
    String[] queuedFor = new String[n];
    for (int i = 0; i < n; i++) {
      NewEvent e = events.get(i);
      sources[i] = e.source();
      types[i] = e.type();
      keys[i] = e.key();
      stores[i] = e.store();
      traces[i] = e.traceId();
      batches[i] = e.batchId();
      dedupes[i] = e.dedupeKey();
      bodyHashes[i] = e.bodySha256();
      queuedFor[i] = e.queuedFor();
    }
    Set<Long> inserted = new HashSet<>();
    try (PreparedStatement insert =
        connection.prepareStatement(
            """
        INSERT INTO events (id, source, type, event_key, store, received_at, updated_at, status, attempts,
                            trace_id, batch_id, dedupe_key, body_sha256, queued_for)
        SELECT t.id, t.source, t.type, t.event_key, t.store, ?, ?, 'queued', 0, t.trace_id, t.batch_id, t.dedupe_key,
               t.body_sha256, t.queued_for
        FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[],
                    ?::text[], ?::text[])
             AS t(id, source, type, event_key, store, trace_id, batch_id, dedupe_key, body_sha256, queued_for)
        ON CONFLICT (dedupe_key) DO NOTHING
        RETURNING id""")) {
      insert.setLong(1, now);
      insert.setLong(2, now);
      insert.setArray(3, array(connection, "bigint", ids));
      insert.setArray(4, array(connection, "text", sources));
      insert.setArray(5, array(connection, "text", types));
      insert.setArray(6, array(connection, "text", keys));
      insert.setArray(7, array(connection, "text", stores));
      insert.setArray(8, array(connection, "text", traces));
      insert.setArray(9, array(connection, "bigint", batches));
      insert.setArray(10, array(connection, "text", dedupes));
      insert.setArray(11, array(connection, "text", bodyHashes));
      insert.setArray(12, array(connection, "text", queuedFor));
      try (ResultSet rs = insert.executeQuery()) {
        while (rs.next()) {
          inserted.add(rs.getLong(1));
        }
      }
    }
    long[] result = new long[n];
    for (int i = 0; i < n; i++) {
      result[i] = inserted.contains(ids[i]) ? ids[i] : -1;
    }
    return result;
  }

  private static Array array(Connection connection, String type, Object[] values)
      throws SQLException {
    return connection.createArrayOf(type, values);
  }

  @Override
  public boolean supportsSkipLocked() {
    return true;
  }

  /** The advisory lock claims take turns on ("SBCL"); released when the transaction ends. */
  private static final long CLAIM_LOCK = 0x5342434CL;

  @Override
  public void takeClaimTurn(Connection connection) throws SQLException {
    try (java.sql.PreparedStatement lock =
        connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      lock.setLong(1, CLAIM_LOCK);
      lock.execute();
    }
  }

  /** Asynchronous commit for this transaction only; the server stays consistent after any crash. */
  @Override
  public RelaxedCommit relaxedCommit() {
    return new RelaxedCommit() {
      @Override
      public void inTransaction(Connection connection) throws SQLException {
        try (java.sql.Statement statement = connection.createStatement()) {
          statement.execute("SET LOCAL synchronous_commit = off");
        }
      }
    };
  }

  @Override
  public boolean hasSingleWriter() {
    return false;
  }

  @Override
  public boolean supportsSeveralNodes() {
    return true;
  }
}
