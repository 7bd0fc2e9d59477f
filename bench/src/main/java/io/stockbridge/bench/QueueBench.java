package io.stockbridge.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.stockbridge.config.QueueSettings;
import io.stockbridge.event.NewWork;
import io.stockbridge.queue.Dispatcher;
import io.stockbridge.queue.Outcome;
import io.stockbridge.queue.WorkHandler;
import io.stockbridge.queue.WorkItem;
import io.stockbridge.store.Storage;
import io.stockbridge.store.wiring.StorageFactory;
import io.stockbridge.time.Backoff;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Queue throughput: no-op items claimed and completed, ours beside db-scheduler (the Java job
 * library a user would otherwise pick) on the same PostgreSQL, each with its items inserted in bulk
 * before the clock starts and its own scratch schema.
 */
public final class QueueBench implements BenchScenario {
  @Override
  public String name() {
    return "queue";
  }

  @Override
  public String description() {
    return "no-op items/s claimed and completed, beside db-scheduler on the same database";
  }

  @Override
  public Map<String, Object> run(BenchOptions options) throws Exception {
    int items = options.intParam("items", 100_000);
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("engine", options.engine());
    figures.put("items", items);
    try (BenchDatabase database = new BenchDatabase(options)) {
      double ours = runOurs(database, items);
      figures.put("items_per_second", Math.round(ours));
      figures.put("peer", "db-scheduler 16.12.0");
      if (options.engine().equals("postgres")) {
        double peer =
            runDbScheduler(
                database, options, Math.min(items, options.intParam("peer_items", items)));
        figures.put("peer_items_per_second", Math.round(peer));
        figures.put("ratio", Math.round(ours / peer * 100) / 100.0);
      } else {
        figures.put("peer_items_per_second", null);
        figures.put("ratio", null);
        figures.put("note", "the peer is measured on postgres only");
      }
    }
    figures.put("target_items_per_second", 10_000);
    figures.put("target_ratio", 2.0);
    return figures;
  }

  private static double runOurs(BenchDatabase database, int items) throws InterruptedException {
    try (Storage storage = StorageFactory.open(database.database(12), Clock.systemUTC())) {
      storage.migrate();
      long now = System.currentTimeMillis();
      List<NewWork> chunk = new ArrayList<>();
      for (int i = 0; i < items; i++) {
        chunk.add(new NewWork(null, "noop", null, null, 1, now, 3, null));
        if (chunk.size() == 5000 || i == items - 1) {
          storage.queue().enqueue(chunk, now);
          chunk.clear();
        }
      }
      System.err.printf("queue: %d items inserted; running ours...%n", items);
      WorkHandler noop =
          new WorkHandler() {
            @Override
            public String kind() {
              return "noop";
            }

            @Override
            public List<Outcome> handle(List<WorkItem> batch) {
              return batch.stream().map(item -> (Outcome) new Outcome.Done(null)).toList();
            }
          };
      Dispatcher dispatcher =
          new Dispatcher(
              storage.queue(),
              List.of(noop),
              new QueueSettings(1000, Duration.ofMillis(5), Duration.ofSeconds(30), 4000),
              "bench",
              Clock.systemUTC(),
              new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), new Random(1)));
      long start = System.nanoTime();
      dispatcher.start();
      while (dispatcher.settledCount() < items) {
        Thread.sleep(2);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      dispatcher.stop(Duration.ofSeconds(5));
      return items / seconds;
    }
  }

  private static double runDbScheduler(BenchDatabase database, BenchOptions options, int items)
      throws Exception {
    String schema = database.extraSchema("sb_peer_");
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(BenchDatabase.withSchema(options.postgresUrl(), schema));
    pool.setMaximumPoolSize(20);
    try (HikariDataSource dataSource = new HikariDataSource(pool)) {
      createPeerTable(dataSource, items);
      System.err.printf("queue: %d items inserted; running db-scheduler...%n", items);
      AtomicInteger executed = new AtomicInteger();
      OneTimeTask<Void> task =
          Tasks.oneTime("noop").execute((instance, context) -> executed.incrementAndGet());
      // Its fastest documented setup for throughput: lock-and-fetch polling, many threads, short
      // polls.
      Scheduler scheduler =
          Scheduler.create(dataSource, task)
              .threads(16)
              .pollingInterval(Duration.ofMillis(5))
              .pollUsingLockAndFetch(0.5, 1.0)
              .build();
      long start = System.nanoTime();
      scheduler.start();
      while (executed.get() < items) {
        Thread.sleep(2);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      scheduler.stop();
      return items / seconds;
    } finally {
      database.dropSchema(schema);
    }
  }

  /**
   * db-scheduler's PostgreSQL table (from its documentation), filled with due one-time instances.
   */
  private static void createPeerTable(HikariDataSource dataSource, int items) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          """
          CREATE TABLE scheduled_tasks (
            task_name text NOT NULL, task_instance text NOT NULL, task_data bytea,
            execution_time timestamp with time zone, picked BOOLEAN NOT NULL, picked_by text,
            last_success timestamp with time zone, last_failure timestamp with time zone,
            consecutive_failures INT, last_heartbeat timestamp with time zone, version BIGINT NOT NULL,
            priority SMALLINT, state text, PRIMARY KEY (task_name, task_instance))""");
      statement.execute("CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time)");
      statement.execute("CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat)");
      statement.execute(
          "CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority desc, execution_time asc)");
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, version)"
                  + " SELECT 'noop', 'item-' || g, now() - interval '1 second', false, 1 FROM generate_series(1, ?) g")) {
        insert.setInt(1, items);
        insert.executeUpdate();
      }
      statement.execute("ANALYZE scheduled_tasks");
    }
  }
}
