package io.stockbridge.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Prepared statements kept per physical connection and used again by every transaction on it, for
 * the few fixed statements of the group commit (events, payloads, names, history, work items) and
 * of each stock write (pushed levels, their lookups and change events, {@code StockChanges}): the
 * SQLite driver compiles a statement afresh on every {@code prepareStatement}, and the events
 * insert compiles its eight indexes and the batch triggers with it; at thousands of events a second
 * that was a tenth of the writer's CPU. A statement from {@link #prepare} belongs to the cache: the
 * caller binds it and executes it, and never closes it. A statement's batch is cleared when it is
 * handed out, so a batch a failed transaction left behind is never executed. Entries of closed
 * connections are dropped when the cache grows past a pool's size. Thread-safe; a connection is
 * used by one thread at a time (the pool's rule), and so are its statements.
 */
final class Statements {
  /** Connections whose statements are kept before the closed ones are looked for. */
  private static final int PURGE_ABOVE = 64;

  private static final Map<Connection, Map<String, PreparedStatement>> BY_CONNECTION =
      new IdentityHashMap<>();

  private Statements() {}

  /**
   * {@code sql} prepared on {@code connection}'s physical connection (a pool's proxy closes the
   * statements made through it when it is returned; these stay open with the connection).
   */
  static PreparedStatement prepare(Connection connection, String sql) throws SQLException {
    Connection physical = connection.unwrap(Connection.class);
    Map<String, PreparedStatement> statements;
    synchronized (BY_CONNECTION) {
      statements = BY_CONNECTION.get(physical);
      if (statements == null) {
        if (BY_CONNECTION.size() >= PURGE_ABOVE) {
          purgeClosed();
        }
        statements = new HashMap<>();
        BY_CONNECTION.put(physical, statements);
      }
    }
    PreparedStatement statement = statements.get(sql);
    if (statement == null || statement.isClosed()) {
      statement = physical.prepareStatement(sql);
      statements.put(sql, statement);
    } else {
      statement.clearBatch();
    }
    return statement;
  }

  private static void purgeClosed() {
    Iterator<Connection> connections = BY_CONNECTION.keySet().iterator();
    while (connections.hasNext()) {
      Connection connection = connections.next();
      boolean closed;
      try {
        closed = connection.isClosed();
      } catch (SQLException e) {
        closed = true;
      }
      if (closed) {
        connections.remove();
      }
    }
  }
}
