package io.stockbridge.store;

import io.stockbridge.auth.AccessKeyStore;
import io.stockbridge.cluster.LeaderLeases;
import io.stockbridge.event.EventLog;
import io.stockbridge.queue.Pauses;
import io.stockbridge.queue.WorkQueue;
import io.stockbridge.ratelimit.BudgetStateStore;

/**
 * One storage API over two engines. Obtain with {@code store.wiring.StorageFactory}. Thread-safe;
 * close once.
 */
public interface Storage extends AutoCloseable {
  Engine engine();

  EventLog events();

  WorkQueue queue();

  Pauses pauses();

  AccessKeyStore accessKeys();

  LeaderLeases leaderLeases();

  BudgetStateStore budgets();

  /** What the sync flows remember: catalog facts, id maps, quantities written, shadow writes. */
  io.stockbridge.sync.SyncState syncState();

  /** Reconciliation runs and their reports. */
  io.stockbridge.flow.reconcile.Reconciliations reconciliations();

  /** The dashboard's login sessions. */
  io.stockbridge.auth.Sessions sessions();

  /** The dashboard's figures: counts over time, the queue, failures, batches, budgets. */
  io.stockbridge.store.DashboardReads dashboardReads();

  /** Batches of events with a completion barrier. */
  io.stockbridge.batch.BatchStore batches();

  /** Per-store read models (the flattened category tree with products and stock). */
  io.stockbridge.readmodel.ReadModelStore readModels();

  /** Failure issues and their status. */
  io.stockbridge.store.IssueStore issues();

  /** Fan-out: the change outbox, subscribers' deliveries and their attempts. */
  io.stockbridge.fanout.DeliveryStore deliveries();

  /** The order flows' links, lines, contact cache, actions done once and catch-up cursors. */
  io.stockbridge.order.OrderStore orders();

  /**
   * Whether several processes may share this database as nodes (PostgreSQL), or only one (SQLite).
   */
  boolean supportsSeveralNodes();

  /** Applies pending migrations; returns how many ran. */
  int migrate();

  /** Why the storage is not ready (unreachable, migrations pending), or null when it is. */
  String notReadyReason();

  @Override
  void close();
}
