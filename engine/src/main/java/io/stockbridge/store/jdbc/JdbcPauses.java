package io.stockbridge.store.jdbc;

import io.stockbridge.queue.Pauses;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Paused scopes on JDBC. Thread-safe. */
final class JdbcPauses implements Pauses {
  private final Jdbc jdbc;

  JdbcPauses(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void pause(String scope, String by, long now) {
    jdbc.transaction(
        connection ->
            Jdbc.update(
                connection,
                "INSERT INTO pauses (scope, paused_at, paused_by) VALUES (?, ?, ?) ON CONFLICT (scope) DO NOTHING",
                scope,
                now,
                by));
  }

  @Override
  public boolean resume(String scope) {
    return jdbc.transaction(
        connection -> Jdbc.update(connection, "DELETE FROM pauses WHERE scope = ?", scope) > 0);
  }

  @Override
  public List<String> list() {
    return jdbc.read(
        connection -> {
          List<String> scopes = new ArrayList<>();
          try (PreparedStatement select =
                  connection.prepareStatement("SELECT scope FROM pauses ORDER BY scope");
              ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              scopes.add(rs.getString(1));
            }
          }
          return scopes;
        });
  }
}
