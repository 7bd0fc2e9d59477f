package io.stockbridge.store;

import io.stockbridge.testhelper.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The migrations on a real SQLite file (V5 rebuilds the work_items table). */
class SqliteSchemaMigrationsTest extends SchemaMigrationsTest {
  @TempDir Path dir;

  @Override
  protected String freshDatabase() {
    return TestDatabases.emptySqliteUrl(dir);
  }

  @Override
  protected String engine() {
    return "sqlite";
  }

  @Override
  protected void advanceSequence(Connection connection) {
    // AUTOINCREMENT keeps the highest id inserted, explicit ones included.
  }

  @Override
  protected List<String> indexes(Connection connection) throws java.sql.SQLException {
    List<String> names = new ArrayList<>();
    try (Statement select = connection.createStatement();
        ResultSet rs =
            select.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'work_items'")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }
}
