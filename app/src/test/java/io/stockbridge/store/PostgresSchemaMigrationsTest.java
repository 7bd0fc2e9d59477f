package io.stockbridge.store;

import io.stockbridge.testhelper.OnPostgres;
import io.stockbridge.testhelper.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The migrations on the real PostgreSQL, in a schema of their own. */
@OnPostgres
class PostgresSchemaMigrationsTest extends SchemaMigrationsTest {
  private String url;

  @Override
  protected String freshDatabase() {
    url = TestDatabases.createPostgresSchema();
    return url;
  }

  @Override
  protected String engine() {
    return "postgres";
  }

  @Override
  protected void cleanUp() {
    if (url != null) {
      TestDatabases.dropPostgresSchema(url);
    }
  }

  @Override
  protected void advanceSequence(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "SELECT setval(pg_get_serial_sequence('work_items', 'id'), (SELECT max(id) FROM work_items))");
    }
  }

  @Override
  protected List<String> indexes(Connection connection) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement select = connection.createStatement();
        ResultSet rs =
            select.executeQuery(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'work_items'"
                    + " AND schemaname = current_schema()")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }
}
