package io.stockbridge.store.jdbc;

import io.stockbridge.StorageException;
import io.stockbridge.ratelimit.BudgetStateStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;

/**
 * Budget states in the database, updated with optimistic concurrency (a version column): read,
 * compute, write only if nobody wrote in between, else compute again. Thread-safe.
 */
final class JdbcBudgetStateStore implements BudgetStateStore {
  private static final int MAX_ROUNDS = 100;

  private final Jdbc jdbc;
  private final Clock clock;

  JdbcBudgetStateStore(Jdbc jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @Override
  public <T> T update(String budget, BudgetUpdater<T> updater) {
    for (int round = 0; round < MAX_ROUNDS; round++) {
      Object[] current =
          jdbc.read(
              connection -> {
                try (PreparedStatement select =
                    connection.prepareStatement(
                        "SELECT state, version FROM rate_budgets WHERE name = ?")) {
                  select.setString(1, budget);
                  try (ResultSet rs = select.executeQuery()) {
                    return rs.next()
                        ? new Object[] {rs.getString(1), rs.getLong(2)}
                        : new Object[] {null, null};
                  }
                }
              });
      String state = (String) current[0];
      Long version = (Long) current[1];
      Decision<T> decision = updater.apply(state);
      if (decision.newState() == null || decision.newState().equals(state)) {
        return decision.result();
      }
      long now = clock.millis();
      boolean written =
          jdbc.transaction(
              connection ->
                  version == null
                      ? Jdbc.update(
                              connection,
                              "INSERT INTO rate_budgets (name, state, version, updated_at) VALUES (?, ?, 1, ?)"
                                  + " ON CONFLICT (name) DO NOTHING",
                              budget,
                              decision.newState(),
                              now)
                          > 0
                      : Jdbc.update(
                              connection,
                              "UPDATE rate_budgets SET state = ?, version = version + 1, updated_at = ?"
                                  + " WHERE name = ? AND version = ?",
                              decision.newState(),
                              now,
                              budget,
                              version)
                          > 0);
      if (written) {
        return decision.result();
      }
    }
    throw new StorageException(
        "budget " + budget + " is contended: no update after " + MAX_ROUNDS + " rounds", null);
  }
}
