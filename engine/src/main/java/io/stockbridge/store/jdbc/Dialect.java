package io.stockbridge.store.jdbc;

import io.stockbridge.event.NewEvent;
import io.stockbridge.store.Engine;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What differs between engines, said as capabilities rather than {@code instanceof} checks. The
 * rest of the SQL is shared by {@link JdbcStorage}.
 */
public interface Dialect {
  Engine engine();

  /** Flyway location of this engine's migrations. */
  String migrationLocation();

  /**
   * Inserts events (status queued) skipping dedupe-key conflicts; returns each event's new id, or
   * -1 when its dedupe key already existed. Runs inside the caller's transaction.
   */
  long[] insertEvents(Connection connection, List<NewEvent> events, long now) throws SQLException;

  /**
   * Whether claims lock rows with {@code FOR UPDATE SKIP LOCKED}, so nodes claim concurrently
   * without waiting for each other; without it the engine serialises writers (SQLite).
   */
  boolean supportsSkipLocked();

  /**
   * Makes the nodes' claims take turns, inside the claiming transaction: each claim then sees the
   * items the previous one took, so two nodes never take items of one exclusive key at the same
   * moment. A claim is a few milliseconds; SQLite's single writer takes turns already.
   */
  default void takeClaimTurn(Connection connection) throws SQLException {}

  /** How this engine commits without waiting for the disk (see {@link Jdbc.Durability#RELAXED}). */
  RelaxedCommit relaxedCommit();

  /** Statements that make one transaction's commit skip the wait for the disk. */
  interface RelaxedCommit {
    default void beforeTransaction(Connection connection) throws SQLException {}

    default void inTransaction(Connection connection) throws SQLException {}

    default void afterTransaction(Connection connection) throws SQLException {}
  }

  /** Whether the engine has a single writer, so writes are best queued in the JVM (SQLite). */
  boolean hasSingleWriter();

  /** Whether several processes may share this database as nodes (else: one node per database). */
  boolean supportsSeveralNodes();
}
