package io.stockbridge.store.jdbc;

import io.stockbridge.auth.Sessions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

/** Dashboard sessions on JDBC (table {@code dashboard_sessions}). Thread-safe. */
final class JdbcSessions implements Sessions {
  private final Jdbc jdbc;

  JdbcSessions(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void create(Session session, long now) {
    jdbc.transaction(
        connection ->
            Jdbc.update(
                connection,
                "INSERT INTO dashboard_sessions (token_hash, key_hash, csrf_token, created_at,"
                    + " expires_at) VALUES (?, ?, ?, ?, ?)",
                session.tokenHash(),
                session.keyHash(),
                session.csrfToken(),
                now,
                session.expiresAt()));
  }

  @Override
  public Optional<Session> find(String tokenHash, long now) {
    return jdbc.read(
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT key_hash, csrf_token, expires_at FROM dashboard_sessions"
                      + " WHERE token_hash = ? AND expires_at > ?")) {
            Jdbc.bind(select, tokenHash, now);
            try (ResultSet rs = select.executeQuery()) {
              return rs.next()
                  ? Optional.of(
                      new Session(tokenHash, rs.getString(1), rs.getString(2), rs.getLong(3)))
                  : Optional.empty();
            }
          }
        });
  }

  @Override
  public boolean delete(String tokenHash) {
    return jdbc.transaction(
        connection ->
            Jdbc.update(
                    connection, "DELETE FROM dashboard_sessions WHERE token_hash = ?", tokenHash)
                > 0);
  }

  @Override
  public int purgeExpired(long now) {
    return jdbc.transaction(
        connection ->
            Jdbc.update(connection, "DELETE FROM dashboard_sessions WHERE expires_at <= ?", now));
  }
}
