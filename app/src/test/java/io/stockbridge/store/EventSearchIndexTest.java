package io.stockbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.bench.QueryBench;
import io.stockbridge.bench.SyntheticEvents;
import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.event.EventQuery;
import io.stockbridge.store.jdbc.EventFilter;
import io.stockbridge.store.jdbc.JdbcStorage;
import io.stockbridge.store.wiring.StorageFactory;
import io.stockbridge.testhelper.Slow;
import io.stockbridge.testhelper.TestDatabases;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On 1,000,000 events, every search the admin API offers is served by an index on both engines: the
 * query plans (not timings, which belong to {@code bench query}) never scan the whole table.
 */
@Slow
class EventSearchIndexTest {
  private static final int EVENTS = 1_000_000;

  @TempDir Path dir;

  @Test
  void every_search_uses_an_index_on_a_million_events_in_sqlite() {
    try (Storage storage =
        StorageFactory.open(
            new StockbridgeConfig.Database(TestDatabases.sqliteUrl(dir), 2), Clock.systemUTC())) {
      storage.migrate();
      SyntheticEvents.load((JdbcStorage) storage, EVENTS);
      for (Map.Entry<String, EventQuery> search : QueryBench.searches().entrySet()) {
        String plan = plan((JdbcStorage) storage, "EXPLAIN QUERY PLAN ", search.getValue());
        // Newest first must come from an index (the rowid b-tree or a (column, id) index), not a
        // sort, except for rows already bounded by the time index; a filter never walks the table.
        if (!plan.contains("USING INDEX events_received_idx")) {
          assertThat(plan).as(search.getKey() + ": " + plan).doesNotContain("USE TEMP B-TREE");
        }
        if (!EventFilter.of(search.getValue()).where().isEmpty()) {
          assertThat(plan)
              .as(search.getKey() + ": " + plan)
              .doesNotContainPattern("SCAN events(?! USING)");
        }
        assertThat(storage.events().search(search.getValue()).events())
            .as(search.getKey())
            .isNotEmpty();
      }
    }
  }

  @Test
  void every_search_uses_an_index_on_a_million_events_in_postgres() {
    String url = TestDatabases.createPostgresSchema();
    try (Storage storage =
        StorageFactory.open(new StockbridgeConfig.Database(url, 2), Clock.systemUTC())) {
      storage.migrate();
      SyntheticEvents.load((JdbcStorage) storage, EVENTS);
      for (Map.Entry<String, EventQuery> search : QueryBench.searches().entrySet()) {
        String plan = plan((JdbcStorage) storage, "EXPLAIN ", search.getValue());
        assertThat(plan).as(search.getKey() + ": " + plan).doesNotContain("Seq Scan on events");
        assertThat(storage.events().search(search.getValue()).events())
            .as(search.getKey())
            .isNotEmpty();
      }
    } finally {
      TestDatabases.dropPostgresSchema(url);
    }
  }

  /** The plan of the exact SQL the event log runs for this search's first page. */
  private static String plan(JdbcStorage storage, String explain, EventQuery query) {
    EventFilter filter = EventFilter.of(query);
    String sql = filter.pageSql();
    List<Object> values = new ArrayList<>(filter.values());
    values.add(query.limit());
    return storage
        .jdbc()
        .read(
            connection -> {
              List<String> lines = new ArrayList<>();
              try (PreparedStatement statement = connection.prepareStatement(explain + sql)) {
                for (int i = 0; i < values.size(); i++) {
                  statement.setObject(i + 1, values.get(i));
                }
                try (ResultSet rs = statement.executeQuery()) {
                  int columns = rs.getMetaData().getColumnCount();
                  while (rs.next()) {
                    lines.add(rs.getString(columns));
                  }
                }
              }
              return String.join("\n", lines);
            });
  }
}
