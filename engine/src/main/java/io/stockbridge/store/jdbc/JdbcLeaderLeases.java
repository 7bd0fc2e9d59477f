package io.stockbridge.store.jdbc;

import io.stockbridge.cluster.LeaderLeases;

/** Leader leases on JDBC: one upsert that only takes a free, expired or own lease. Thread-safe. */
final class JdbcLeaderLeases implements LeaderLeases {
  private final Jdbc jdbc;

  JdbcLeaderLeases(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public boolean tryAcquire(String name, String node, long now, long until) {
    return jdbc.transaction(
        connection ->
            Jdbc.update(
                    connection,
                    """
        INSERT INTO leader_leases (name, owner, expires_at) VALUES (?, ?, ?)
        ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
        WHERE leader_leases.owner = excluded.owner OR leader_leases.expires_at < ?""",
                    name,
                    node,
                    until,
                    now)
                > 0);
  }
}
