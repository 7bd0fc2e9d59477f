package io.stockbridge.store;

/**
 * The two storage engines: SQLite (embedded, one node, the default) and PostgreSQL (several nodes).
 */
public enum Engine {
  SQLITE("sqlite"),
  POSTGRES("postgres");

  private final String id;

  Engine(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Engine ofUrl(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      return SQLITE;
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRES;
    }
    throw new IllegalArgumentException(
        "database url must start with jdbc:sqlite: or jdbc:postgresql:");
  }
}
