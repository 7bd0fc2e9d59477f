package io.stockbridge.ingest;

import io.stockbridge.StorageException;
import io.stockbridge.http.ApiException;
import java.sql.SQLException;
import java.util.Set;

/**
 * Why a group commit failed: for something one of its events carries (the database refused a value:
 * worth committing the others again without it), or because the database is unreachable, out of
 * resources or shutting down (committing again at once would only fail again).
 */
final class GroupCommitFailures {
  /**
   * SQLSTATE classes of a database that cannot commit anything now: connection (08), insufficient
   * resources (53), operator intervention (57, e.g. shutdown or a cancelled statement), system
   * error (58).
   */
  private static final Set<String> SYSTEMIC_CLASSES = Set.of("08", "53", "57", "58");

  /**
   * SQLSTATE classes of a value the database refuses: data exception (22, e.g. a NUL in text),
   * integrity constraint (23), program limit exceeded (54, e.g. an index row too large).
   */
  private static final Set<String> VALUE_CLASSES = Set.of("22", "23", "54");

  private GroupCommitFailures() {}

  /** Whether {@code e} may be caused by one event of the batch rather than by the database. */
  static boolean isCausedByAnEvent(RuntimeException e) {
    if (!(e instanceof StorageException)) {
      return !(e instanceof ApiException); // a bug one event triggers; an ApiException is ours
    }
    String state = sqlState(e);
    return state != null
        && state.length() >= 2
        && !SYSTEMIC_CLASSES.contains(state.substring(0, 2));
  }

  /** The failure one event's request gets: 400 when the database refused one of its values. */
  static RuntimeException forOneEvent(RuntimeException e) {
    String state = sqlState(e);
    if (e instanceof StorageException
        && state != null
        && state.length() >= 2
        && VALUE_CLASSES.contains(state.substring(0, 2))) {
      return new ApiException(
          400,
          "bad_request",
          "the database refused a value of this event (SQLSTATE " + state + "): " + firstLine(e));
    }
    return e;
  }

  /** The first line of the database's message (later lines may quote stored values). */
  static String firstLine(RuntimeException e) {
    Throwable cause = e.getCause() instanceof SQLException sql ? sql : e;
    String message = String.valueOf(cause.getMessage());
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  private static String sqlState(RuntimeException e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
    }
    return null;
  }
}
