package io.stockbridge.store.jdbc;

import io.stockbridge.auth.AccessKey;
import io.stockbridge.auth.AccessKeyStore;
import io.stockbridge.auth.Role;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Admin API keys on JDBC. Thread-safe. */
final class JdbcAccessKeys implements AccessKeyStore {
  private final Jdbc jdbc;

  JdbcAccessKeys(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void create(String name, Role role, String keyHash, long now) {
    jdbc.transaction(
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement("SELECT 1 FROM api_keys WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet rs = select.executeQuery()) {
              if (rs.next()) {
                throw new IllegalArgumentException(
                    "an API key named '" + name + "' already exists");
              }
            }
          }
          return Jdbc.update(
              connection,
              "INSERT INTO api_keys (name, role, key_hash, created_at) VALUES (?, ?, ?, ?)",
              name,
              role.dbValue(),
              keyHash,
              now);
        });
  }

  @Override
  public Optional<AccessKey> findByHash(String keyHash) {
    return jdbc.read(
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT id, name, role, created_at FROM api_keys WHERE key_hash = ?")) {
            select.setString(1, keyHash);
            try (ResultSet rs = select.executeQuery()) {
              return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public List<AccessKey> list() {
    return jdbc.read(
        connection -> {
          List<AccessKey> keys = new ArrayList<>();
          try (PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT id, name, role, created_at FROM api_keys ORDER BY id");
              ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              keys.add(read(rs));
            }
          }
          return keys;
        });
  }

  private static AccessKey read(ResultSet rs) throws SQLException {
    return new AccessKey(
        rs.getLong("id"),
        rs.getString("name"),
        Role.parse(rs.getString("role")),
        rs.getLong("created_at"));
  }

  @Override
  public boolean revoke(String name) {
    return jdbc.transaction(
        connection -> Jdbc.update(connection, "DELETE FROM api_keys WHERE name = ?", name) > 0);
  }
}
