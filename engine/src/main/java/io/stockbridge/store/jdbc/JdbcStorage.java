package io.stockbridge.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.stockbridge.auth.AccessKeyStore;
import io.stockbridge.cluster.LeaderLeases;
import io.stockbridge.event.EventLog;
import io.stockbridge.flow.reconcile.Reconciliations;
import io.stockbridge.queue.Pauses;
import io.stockbridge.queue.WorkQueue;
import io.stockbridge.ratelimit.BudgetStateStore;
import io.stockbridge.store.Engine;
import io.stockbridge.store.Storage;
import io.stockbridge.sync.SyncState;
import java.time.Clock;
import org.flywaydb.core.Flyway;

/** {@link Storage} over a pooled JDBC data source and an engine {@link Dialect}. Thread-safe. */
public final class JdbcStorage implements Storage {
  private final HikariDataSource dataSource;
  private final Dialect dialect;
  private final Flyway flyway;
  private final Jdbc jdbc;
  private final EventLog events;
  private final WorkQueue queue;
  private final Pauses pauses;
  private final AccessKeyStore accessKeys;
  private final LeaderLeases leaderLeases;
  private final BudgetStateStore budgets;

  /** The budgets of a database that serves one node, kept in memory (null on PostgreSQL). */
  private final WriteBehindBudgetStateStore writeBehindBudgets;

  private final SyncState syncState;
  private final Reconciliations reconciliations;
  private final JdbcSessions sessions;
  private final JdbcDashboardReads dashboardReads;
  private final JdbcIssues issues;
  private final JdbcBatches batches;
  private final JdbcReadModels readModels;
  private final JdbcDeliveries deliveries;
  private final JdbcOrders orders;

  public JdbcStorage(HikariDataSource dataSource, Dialect dialect, String schema, Clock clock) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    var flywayConfig =
        Flyway.configure().dataSource(dataSource).locations(dialect.migrationLocation());
    if (schema != null) {
      flywayConfig.schemas(schema);
    }
    this.flyway = flywayConfig.load();
    this.jdbc = new Jdbc(dataSource, dialect.hasSingleWriter(), dialect.relaxedCommit());
    this.events = new JdbcEventLog(jdbc, dialect);
    this.queue = new JdbcWorkQueue(jdbc, dialect);
    this.pauses = new JdbcPauses(jdbc);
    this.accessKeys = new JdbcAccessKeys(jdbc);
    this.leaderLeases = new JdbcLeaderLeases(jdbc);
    JdbcBudgetStateStore durableBudgets = new JdbcBudgetStateStore(jdbc, clock);
    this.writeBehindBudgets =
        dialect.supportsSeveralNodes()
            ? null
            : new WriteBehindBudgetStateStore(durableBudgets, clock);
    this.budgets = writeBehindBudgets != null ? writeBehindBudgets : durableBudgets;
    this.syncState = new JdbcSyncState(jdbc);
    this.reconciliations = new JdbcReconciliations(jdbc);
    this.sessions = new JdbcSessions(jdbc);
    this.dashboardReads = new JdbcDashboardReads(jdbc);
    this.issues = new JdbcIssues(jdbc);
    this.batches = new JdbcBatches(jdbc, dialect);
    this.readModels = new JdbcReadModels(jdbc, dialect);
    this.deliveries = new JdbcDeliveries(jdbc, dialect);
    this.orders = new JdbcOrders(jdbc);
  }

  @Override
  public io.stockbridge.fanout.DeliveryStore deliveries() {
    return deliveries;
  }

  @Override
  public Engine engine() {
    return dialect.engine();
  }

  public Dialect dialect() {
    return dialect;
  }

  /** Plain JDBC access for maintenance tools and benchmarks in this code base. */
  public Jdbc jdbc() {
    return jdbc;
  }

  @Override
  public EventLog events() {
    return events;
  }

  @Override
  public WorkQueue queue() {
    return queue;
  }

  @Override
  public Pauses pauses() {
    return pauses;
  }

  @Override
  public AccessKeyStore accessKeys() {
    return accessKeys;
  }

  @Override
  public LeaderLeases leaderLeases() {
    return leaderLeases;
  }

  @Override
  public BudgetStateStore budgets() {
    return budgets;
  }

  @Override
  public SyncState syncState() {
    return syncState;
  }

  @Override
  public Reconciliations reconciliations() {
    return reconciliations;
  }

  @Override
  public io.stockbridge.auth.Sessions sessions() {
    return sessions;
  }

  @Override
  public io.stockbridge.store.DashboardReads dashboardReads() {
    return dashboardReads;
  }

  @Override
  public io.stockbridge.store.IssueStore issues() {
    return issues;
  }

  @Override
  public io.stockbridge.batch.BatchStore batches() {
    return batches;
  }

  @Override
  public io.stockbridge.readmodel.ReadModelStore readModels() {
    return readModels;
  }

  @Override
  public io.stockbridge.order.OrderStore orders() {
    return orders;
  }

  @Override
  public boolean supportsSeveralNodes() {
    return dialect.supportsSeveralNodes();
  }

  @Override
  public int migrate() {
    return flyway.migrate().migrationsExecuted;
  }

  @Override
  public String notReadyReason() {
    try {
      jdbc.read(connection -> connection.isValid(2));
      int pending = flyway.info().pending().length;
      return pending == 0 ? null : pending + " migration(s) pending: run './stockbridge migrate'";
    } catch (RuntimeException e) {
      return "database unreachable: " + e.getClass().getSimpleName();
    }
  }

  @Override
  public void close() {
    if (writeBehindBudgets != null) {
      try {
        writeBehindBudgets.close();
      } catch (RuntimeException e) {
        // The budgets' figures come back with the API's next answers; closing goes on.
        org.slf4j.LoggerFactory.getLogger(JdbcStorage.class)
            .warn("writing the API budgets back failed: {}", e.toString());
      }
    }
    dataSource.close();
  }
}
