package io.stockbridge.store.jdbc;

import io.stockbridge.change.AlertRaised;
import io.stockbridge.change.Change;
import io.stockbridge.change.ChangeEvents;
import io.stockbridge.store.Issue;
import io.stockbridge.store.IssueStatus;
import io.stockbridge.store.IssueStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Failure issues on JDBC (table {@code dashboard_issues}). Thread-safe. */
final class JdbcIssues implements IssueStore {
  private final Jdbc jdbc;

  JdbcIssues(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<String> record(List<Sighting> sightings, long now) {
    if (sightings.isEmpty() || nothingNew(sightings)) {
      return List.of(); // the usual case while a dashboard polls: no write transaction at all
    }
    return jdbc.transaction(
        connection -> {
          List<String> reopened = new ArrayList<>();
          List<Change> raised = new ArrayList<>();
          for (Sighting sighting : sightings) {
            Optional<Issue> stored = find(connection, sighting.fingerprint());
            if (stored.isEmpty()) {
              Jdbc.update(
                  connection,
                  "INSERT INTO dashboard_issues (fingerprint, flow, store, error_type,"
                      + " message_shape, sample, first_seen, last_seen, occurrences, status,"
                      + " status_at, status_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, NULL)",
                  sighting.fingerprint(),
                  sighting.flow(),
                  sighting.store(),
                  sighting.errorType(),
                  sighting.messageShape(),
                  sighting.sample(),
                  sighting.firstSeen(),
                  sighting.lastSeen(),
                  (long) sighting.failureTimes().size(),
                  now);
              raised(sighting, raised);
              continue;
            }
            Issue issue = stored.get();
            long newer = sighting.failureTimes().stream().filter(t -> t > issue.lastSeen()).count();
            if (newer == 0) {
              continue;
            }
            boolean reopen =
                issue.status() == IssueStatus.RESOLVED && sighting.lastSeen() > issue.statusAt();
            Jdbc.update(
                connection,
                "UPDATE dashboard_issues SET first_seen = ?, last_seen = ?,"
                    + " occurrences = occurrences + ?, sample = ?, status = ?, status_at = ?,"
                    + " status_by = ? WHERE fingerprint = ?",
                Math.min(issue.firstSeen(), sighting.firstSeen()),
                Math.max(issue.lastSeen(), sighting.lastSeen()),
                newer,
                sighting.sample(),
                reopen ? IssueStatus.OPEN.dbValue() : issue.status().dbValue(),
                reopen ? now : issue.statusAt(),
                reopen ? "reopened: failed again after it was resolved" : issue.statusBy(),
                issue.fingerprint());
            if (reopen) {
              reopened.add(issue.fingerprint());
              raised(sighting, raised);
            }
          }
          // An alert that starts (or starts again) to fire is an alert.raised change event.
          ChangeEvents.append(connection, raised, now);
          return reopened;
        });
  }

  private static void raised(Sighting sighting, List<Change> into) {
    if (ALERT_FLOW.equals(sighting.flow())) {
      into.add(
          new AlertRaised(
              sighting.errorType(), sighting.sample(), sighting.store(), sighting.fingerprint()));
    }
  }

  /** The flow name of alert issues ({@code alert.AlertEvaluator}). */
  private static final String ALERT_FLOW = io.stockbridge.store.Issue.ALERT_FLOW;

  private boolean nothingNew(List<Sighting> sightings) {
    return jdbc.read(
        connection -> {
          for (Sighting sighting : sightings) {
            Optional<Issue> stored = find(connection, sighting.fingerprint());
            if (stored.isEmpty() || sighting.lastSeen() > stored.get().lastSeen()) {
              return false;
            }
          }
          return true;
        });
  }

  @Override
  public List<Issue> list(int limit) {
    return jdbc.read(
        connection -> {
          List<Issue> issues = new ArrayList<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT * FROM dashboard_issues ORDER BY last_seen DESC, fingerprint LIMIT ?")) {
            select.setInt(1, limit);
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                issues.add(read(rs));
              }
            }
          }
          return issues;
        });
  }

  @Override
  public Optional<Issue> find(String fingerprint) {
    return jdbc.read(connection -> find(connection, fingerprint));
  }

  @Override
  public boolean setStatus(String fingerprint, IssueStatus status, String by, long now) {
    return jdbc.transaction(
        connection ->
            Jdbc.update(
                    connection,
                    "UPDATE dashboard_issues SET status = ?, status_at = ?, status_by = ?"
                        + " WHERE fingerprint = ?",
                    status.dbValue(),
                    now,
                    by,
                    fingerprint)
                > 0);
  }

  private static Optional<Issue> find(Connection connection, String fingerprint)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT * FROM dashboard_issues WHERE fingerprint = ?")) {
      select.setString(1, fingerprint);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  private static Issue read(ResultSet rs) throws SQLException {
    return new Issue(
        rs.getString("fingerprint"),
        rs.getString("flow"),
        rs.getString("store"),
        rs.getString("error_type"),
        rs.getString("message_shape"),
        rs.getString("sample"),
        rs.getLong("first_seen"),
        rs.getLong("last_seen"),
        rs.getLong("occurrences"),
        IssueStatus.of(rs.getString("status")),
        rs.getLong("status_at"),
        rs.getString("status_by"));
  }
}
