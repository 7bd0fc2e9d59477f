package io.stockbridge.store.jdbc;

import io.stockbridge.auth.AccessKey;
import io.stockbridge.auth.AccessKeyStore;
import io.stockbridge.auth.Role;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Admin API keys on JDBC. Thread-safe. */
final class JdbcAccessKeys implements AccessKeyStore {
  private static final String COLUMNS = "SELECT id, name, role, created_at, key_hash FROM api_keys";

  private final Jdbc jdbc;

  JdbcAccessKeys(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void create(String name, Role role, String keyId, String keyHash, long now) {
    jdbc.transaction(
        connection -> {
          if (exists(connection, "name", name)) {
            throw new IllegalArgumentException("an API key named '" + name + "' already exists");
          }
          if (keyId != null && exists(connection, "key_id", keyId)) {
            throw new IllegalArgumentException("another API key has the same id; create a new key");
          }
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO api_keys (name, role, key_id, key_hash, created_at)"
                      + " VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, name);
            insert.setString(2, role.dbValue());
            if (keyId == null) {
              insert.setNull(3, Types.VARCHAR);
            } else {
              insert.setString(3, keyId);
            }
            insert.setString(4, keyHash);
            insert.setLong(5, now);
            return insert.executeUpdate();
          }
        });
  }

  private static boolean exists(Connection connection, String column, String value)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT 1 FROM api_keys WHERE " + column + " = ?")) {
      select.setString(1, value);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next();
      }
    }
  }

  @Override
  public Optional<StoredKey> findByKeyId(String keyId) {
    return findOne(COLUMNS + " WHERE key_id = ?", keyId);
  }

  @Override
  public Optional<StoredKey> findByKeyHash(String keyHash) {
    return findOne(COLUMNS + " WHERE key_hash = ?", keyHash);
  }

  private Optional<StoredKey> findOne(String sql, String value) {
    return jdbc.read(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, value);
            try (ResultSet rs = select.executeQuery()) {
              return rs.next() ? Optional.of(readStored(rs)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public List<StoredKey> sealedWithoutKeyId() {
    return jdbc.read(
        connection -> {
          List<StoredKey> keys = new ArrayList<>();
          try (PreparedStatement select =
                  connection.prepareStatement(
                      COLUMNS + " WHERE key_id IS NULL AND key_hash LIKE 's1$%' ORDER BY id");
              ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              keys.add(readStored(rs));
            }
          }
          return keys;
        });
  }

  @Override
  public boolean replaceHash(long id, String oldHash, String newHash) {
    return jdbc.transaction(
        connection ->
            Jdbc.update(
                    connection,
                    "UPDATE api_keys SET key_hash = ? WHERE id = ? AND key_hash = ?",
                    newHash,
                    id,
                    oldHash)
                > 0);
  }

  @Override
  public List<AccessKey> list() {
    return jdbc.read(
        connection -> {
          List<AccessKey> keys = new ArrayList<>();
          try (PreparedStatement select = connection.prepareStatement(COLUMNS + " ORDER BY id");
              ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              keys.add(read(rs));
            }
          }
          return keys;
        });
  }

  private static StoredKey readStored(ResultSet rs) throws SQLException {
    return new StoredKey(read(rs), rs.getString("key_hash"));
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
