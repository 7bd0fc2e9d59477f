package io.stockbridge.store.jdbc;

import io.stockbridge.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Runs JDBC work in a transaction or on a plain connection, turning SQLException into
 * StorageException. Thread-safe.
 */
public final class Jdbc {
  private final DataSource dataSource;
  private final ReentrantLock writeLock;
  private final Dialect.RelaxedCommit relaxedCommit;

  /**
   * {@code serializeWrites}: take a process-wide lock around every transaction. For SQLite, whose
   * single writer lock is otherwise contended through its busy handler, which sleeps in steps of up
   * to 100 ms; queueing in the JVM hands the lock over in microseconds instead.
   */
  public Jdbc(DataSource dataSource, boolean serializeWrites, Dialect.RelaxedCommit relaxedCommit) {
    this.dataSource = dataSource;
    this.writeLock = serializeWrites ? new ReentrantLock(true) : null;
    this.relaxedCommit = relaxedCommit;
  }

  /** How a transaction's commit must reach the disk. */
  public enum Durability {
    /** On disk before the commit returns: anything acknowledged to the outside world. */
    DURABLE,
    /**
     * Survives the crash of this process but may be lost with the machine; used where losing the
     * commit only means doing the work again (claims, settlements, lease renewals). A later durable
     * commit makes it durable too (the log is sequential).
     */
    RELAXED
  }

  /** Work on a connection; may throw SQLException. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} in one durable transaction: committed if it returns, rolled back if it
   * throws.
   */
  public <T> T transaction(SqlWork<T> work) {
    return transaction(Durability.DURABLE, work);
  }

  /** Runs {@code work} in one transaction with the given durability. */
  public <T> T transaction(Durability durability, SqlWork<T> work) {
    if (writeLock == null) {
      return transactionUnlocked(durability, work);
    }
    writeLock.lock();
    try {
      return transactionUnlocked(durability, work);
    } finally {
      writeLock.unlock();
    }
  }

  private <T> T transactionUnlocked(Durability durability, SqlWork<T> work) {
    boolean relaxed = durability == Durability.RELAXED;
    try (Connection connection = dataSource.getConnection()) {
      if (relaxed) {
        relaxedCommit.beforeTransaction(connection);
      }
      connection.setAutoCommit(false);
      try {
        if (relaxed) {
          relaxedCommit.inTransaction(connection);
        }
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection, e);
        throw e;
      } finally {
        connection.setAutoCommit(true);
        if (relaxed) {
          relaxedCommit.afterTransaction(connection);
        }
      }
    } catch (SQLException e) {
      throw new StorageException("database error: " + e.getMessage(), e);
    }
  }

  /**
   * Runs {@code work} with auto-commit; for reads only (writes go through {@link #transaction}).
   */
  public <T> T read(SqlWork<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw new StorageException("database error: " + e.getMessage(), e);
    }
  }

  private static void rollbackQuietly(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException rollbackError) {
      cause.addSuppressed(rollbackError);
    }
  }

  /**
   * {@code sql} prepared once per physical connection and used again by later transactions ({@link
   * Statements}): for the fixed statements of the hot write paths. The caller must not close it.
   */
  public static PreparedStatement reusable(Connection connection, String sql) throws SQLException {
    return Statements.prepare(connection, sql);
  }

  /** Binds values in order; null values get a NULL of a type inferred from {@code types}. */
  public static void bind(PreparedStatement statement, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      Object value = values[i];
      if (value == null) {
        statement.setNull(i + 1, Types.NULL);
      } else if (value instanceof Long l) {
        statement.setLong(i + 1, l);
      } else if (value instanceof Integer n) {
        statement.setInt(i + 1, n);
      } else if (value instanceof String s) {
        statement.setString(i + 1, s);
      } else if (value instanceof byte[] bytes) {
        statement.setBytes(i + 1, bytes);
      } else {
        statement.setObject(i + 1, value);
      }
    }
  }

  public static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  public static Long nullableLong(ResultSet rs, int column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  public static Integer nullableInt(ResultSet rs, String column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }

  public static int update(Connection connection, String sql, Object... values)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, values);
      return statement.executeUpdate();
    }
  }
}
