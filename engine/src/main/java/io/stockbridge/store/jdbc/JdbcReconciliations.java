package io.stockbridge.store.jdbc;

import io.stockbridge.flow.reconcile.Reconciliation;
import io.stockbridge.flow.reconcile.Reconciliations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link Reconciliations} on JDBC. Thread-safe. */
final class JdbcReconciliations implements Reconciliations {
  private final Jdbc jdbc;

  JdbcReconciliations(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public long request(String scope, String requestedBy, long now) {
    return jdbc.transaction(
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO reconciliations (scope, requested_by, status, started_at)"
                      + " VALUES (?, ?, ?, ?)",
                  Statement.RETURN_GENERATED_KEYS)) {
            Jdbc.bind(insert, scope, requestedBy, Reconciliation.Status.REQUESTED.dbValue(), now);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
              keys.next();
              return keys.getLong(1);
            }
          }
        });
  }

  @Override
  public Optional<Reconciliation> find(long id) {
    List<Reconciliation> found =
        jdbc.read(c -> query(c, "SELECT * FROM reconciliations WHERE id = ?", id));
    return found.stream().findFirst();
  }

  @Override
  public List<Reconciliation> list(Long beforeId, int limit) {
    return jdbc.read(
        c ->
            beforeId == null
                ? query(c, "SELECT * FROM reconciliations ORDER BY id DESC LIMIT ?", limit)
                : query(
                    c,
                    "SELECT * FROM reconciliations WHERE id < ? ORDER BY id DESC LIMIT ?",
                    beforeId,
                    limit));
  }

  @Override
  public List<Reconciliation> withStatus(Reconciliation.Status status, int limit) {
    return jdbc.read(
        c ->
            query(
                c,
                "SELECT * FROM reconciliations WHERE status = ? ORDER BY id LIMIT ?",
                status.dbValue(),
                limit));
  }

  @Override
  public boolean transition(
      long id, Reconciliation.Status from, Reconciliation.Status to, long now) {
    return jdbc.transaction(
        c ->
            Jdbc.update(
                    c,
                    "UPDATE reconciliations SET status = ?, started_at = ? WHERE id = ? AND status = ?",
                    to.dbValue(),
                    now,
                    id,
                    from.dbValue())
                > 0);
  }

  @Override
  public void recordFindings(
      long id,
      Reconciliation.Status status,
      Long batchId,
      int checked,
      int drifted,
      String detail,
      Long finishedAt) {
    jdbc.transaction(
        c -> {
          Jdbc.update(
              c,
              "UPDATE reconciliations SET status = ?, batch_id = ?, checked = ?, drifted = ?,"
                  + " detail = ?, finished_at = ? WHERE id = ?",
              status.dbValue(),
              batchId,
              checked,
              drifted,
              detail,
              finishedAt,
              id);
          emitCompleted(c, id, finishedAt);
          return null;
        });
  }

  @Override
  public void recordOutcome(
      long id, Reconciliation.Status status, int fixed, int failed, Long finishedAt) {
    jdbc.transaction(
        c -> {
          Jdbc.update(
              c,
              "UPDATE reconciliations SET status = ?, fixed = ?, failed = ?, finished_at = ?"
                  + " WHERE id = ?",
              status.dbValue(),
              fixed,
              failed,
              finishedAt,
              id);
          emitCompleted(c, id, finishedAt);
          return null;
        });
  }

  /** A run that got its finish time ends: its reconciliation.completed commits with it. */
  private static void emitCompleted(java.sql.Connection c, long id, Long finishedAt)
      throws java.sql.SQLException {
    if (finishedAt == null) {
      return;
    }
    try (java.sql.PreparedStatement select =
        c.prepareStatement(
            "SELECT status, batch_id, checked, drifted, fixed, failed FROM reconciliations"
                + " WHERE id = ?")) {
      select.setLong(1, id);
      try (java.sql.ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          return;
        }
        io.stockbridge.change.ChangeEvents.append(
            c,
            List.of(
                new io.stockbridge.change.ReconciliationCompleted(
                    id,
                    rs.getString("status"),
                    Jdbc.nullableLong(rs, "batch_id"),
                    rs.getLong("checked"),
                    rs.getLong("drifted"),
                    rs.getLong("fixed"),
                    rs.getLong("failed"),
                    null)),
            finishedAt);
      }
    }
  }

  @Override
  public Optional<Long> lastRequested(String requestedBy) {
    return jdbc.read(
        c -> {
          try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT MAX(started_at) AS latest FROM reconciliations WHERE requested_by = ?")) {
            Jdbc.bind(select, requestedBy);
            try (ResultSet rs = select.executeQuery()) {
              return rs.next()
                  ? Optional.ofNullable(Jdbc.nullableLong(rs, "latest"))
                  : Optional.empty();
            }
          }
        });
  }

  private static List<Reconciliation> query(Connection c, String sql, Object... values)
      throws SQLException {
    try (PreparedStatement select = c.prepareStatement(sql)) {
      Jdbc.bind(select, values);
      List<Reconciliation> runs = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          runs.add(
              new Reconciliation(
                  rs.getLong("id"),
                  rs.getString("scope"),
                  rs.getString("requested_by"),
                  Reconciliation.Status.parse(rs.getString("status")),
                  rs.getLong("started_at"),
                  Jdbc.nullableLong(rs, "finished_at"),
                  Jdbc.nullableLong(rs, "batch_id"),
                  rs.getInt("checked"),
                  rs.getInt("drifted"),
                  rs.getInt("fixed"),
                  rs.getInt("failed"),
                  rs.getString("detail")));
        }
      }
      return runs;
    }
  }
}
