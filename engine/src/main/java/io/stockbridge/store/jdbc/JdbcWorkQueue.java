package io.stockbridge.store.jdbc;

import io.stockbridge.event.EventStatus;
import io.stockbridge.event.NewWork;
import io.stockbridge.queue.DeadItem;
import io.stockbridge.queue.ItemState;
import io.stockbridge.queue.QueueStats;
import io.stockbridge.queue.Settlement;
import io.stockbridge.queue.WorkItem;
import io.stockbridge.queue.WorkQueue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The work queue on JDBC, shared by both engines. Thread-safe. */
final class JdbcWorkQueue implements WorkQueue {
  // claim() reads these by position: keep the order.
  private static final String ITEM_COLUMNS =
      "id, event_id, kind, item_key, store, priority, attempts, max_attempts, retries_without_progress,"
          + " args, created_at, run_after";
  // The states as SQL literals (not parameters), so that the partial indexes per state apply.
  private static final String READY = literal(ItemState.READY);
  private static final String RUNNING = literal(ItemState.RUNNING);
  private static final String WAITING = literal(ItemState.WAITING);
  private static final String DEAD = literal(ItemState.DEAD);

  private final Jdbc jdbc;
  private final String claimSql;
  private final Dialect dialect;

  JdbcWorkQueue(Jdbc jdbc, Dialect dialect) {
    this.jdbc = jdbc;
    this.dialect = dialect;
    // Only the oldest unfinished item of a key is eligible, so two items of one key are never in
    // flight together; dead items do not block the key. An item whose exclusive key another node
    // is running waits for that node; this node may take it and its siblings together. SKIP LOCKED
    // lets nodes claim side by side. Each item comes with its event's trace id (one primary-key
    // read, skipped for items of no event), which the run's spans and log lines continue.
    this.claimSql =
        """
        UPDATE work_items SET state = %1$s, lease_owner = ?, lease_expires = ?,
               attempts = attempts + 1, updated_at = ?
        WHERE id IN (
          SELECT w.id FROM work_items w
          WHERE w.state = %2$s AND w.run_after <= ?
            AND (w.item_key IS NULL OR NOT EXISTS (
                  SELECT 1 FROM work_items o
                  WHERE o.item_key = w.item_key AND o.id < w.id AND o.state <> %3$s))
            AND (w.exclusive_key IS NULL OR NOT EXISTS (
                  SELECT 1 FROM work_items x
                  WHERE x.exclusive_key = w.exclusive_key AND x.state = %1$s
                    AND x.lease_owner <> ?))
            AND NOT EXISTS (
                  SELECT 1 FROM pauses p
                  WHERE p.scope = 'flow:' || w.kind OR (w.store IS NOT NULL AND p.scope = 'store:' || w.store))
          ORDER BY w.priority, w.run_after, w.id
          LIMIT ?%4$s)
        RETURNING %5$s,
          CASE WHEN event_id IS NULL THEN NULL
               ELSE (SELECT e.trace_id FROM events e WHERE e.id = work_items.event_id) END AS trace_id"""
            .formatted(
                RUNNING,
                READY,
                DEAD,
                dialect.supportsSkipLocked() ? " FOR UPDATE SKIP LOCKED" : "",
                ITEM_COLUMNS);
  }

  private static String literal(ItemState state) {
    return "'" + state.dbValue() + "'";
  }

  private static final String INSERT_WORK =
      "INSERT INTO work_items (event_id, kind, item_key, store, priority, run_after, state, attempts,"
          + " max_attempts, args, created_at, updated_at, exclusive_key) VALUES (?, ?, ?, ?, ?, ?, "
          + READY
          + ", 0, ?, ?, ?, ?, ?)";

  static void insertWork(Connection connection, List<NewWork> work, long now) throws SQLException {
    if (work.isEmpty()) {
      return;
    }
    PreparedStatement insert = Jdbc.reusable(connection, INSERT_WORK);
    for (NewWork item : work) {
      Jdbc.bind(
          insert,
          item.eventId(),
          item.kind(),
          item.itemKey(),
          item.store(),
          item.priority(),
          item.runAfter(),
          item.maxAttempts(),
          item.args(),
          now,
          now,
          item.exclusiveKey());
      insert.addBatch();
    }
    insert.executeBatch();
  }

  @Override
  public void enqueue(List<NewWork> items, long now) {
    jdbc.transaction(
        connection -> {
          insertWork(connection, items, now);
          return null;
        });
  }

  @Override
  public List<WorkItem> claim(String node, int limit, long now, long leaseUntil) {
    return jdbc.transaction(
        Jdbc.Durability.RELAXED,
        connection -> {
          List<WorkItem> items = new ArrayList<>();
          dialect.takeClaimTurn(connection);
          {
            // Prepared once per connection (Statements): SQLite compiles this statement, with its
            // subqueries, on every prepareStatement.
            PreparedStatement claim = Jdbc.reusable(connection, claimSql);
            Jdbc.bind(claim, node, leaseUntil, now, now, node, limit);
            try (ResultSet rs = claim.executeQuery()) {
              // By position (ITEM_COLUMNS, then trace_id): a name costs a lookup per column and
              // row, and a claim reads 13 columns of up to a thousand rows.
              while (rs.next()) {
                items.add(
                    new WorkItem(
                        rs.getLong(1),
                        Jdbc.nullableLong(rs, 2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getInt(6),
                        rs.getInt(7),
                        rs.getInt(8),
                        rs.getInt(9),
                        rs.getString(10),
                        rs.getLong(11),
                        rs.getLong(12),
                        rs.getString(13)));
              }
            }
          }
          // RETURNING gives rows in no particular order; hand them out in claim order.
          items.sort(
              java.util.Comparator.comparingInt(WorkItem::priority)
                  .thenComparingLong(WorkItem::runAfter)
                  .thenComparingLong(WorkItem::id));
          recordStarts(connection, items, node, now);
          return items;
        });
  }

  /**
   * Records the start of each run in the events' history. The event row itself is left alone until
   * the run settles: its status column is indexed, so every update of it rewrites all of the
   * table's index entries on PostgreSQL; one update per run instead of two halves that cost.
   */
  private static void recordStarts(
      Connection connection, List<WorkItem> items, String node, long now) throws SQLException {
    {
      PreparedStatement history = Jdbc.reusable(connection, JdbcHistory.INSERT);
      boolean any = false;
      for (WorkItem item : items) {
        if (item.eventId() != null) {
          any = true;
          JdbcHistory.add(
              history,
              item.eventId(),
              now,
              EventStatus.PROCESSING,
              node,
              item.kind(),
              item.attempt(),
              null);
        }
      }
      if (any) {
        history.executeBatch();
      }
    }
  }

  @Override
  public void settle(List<Settlement> settlements, String node, long now) {
    if (settlements.isEmpty()) {
      return;
    }
    jdbc.transaction(
        Jdbc.Durability.RELAXED,
        connection -> {
          JdbcBatches.lockMemberBatches(connection, dialect, eventIds(settlements));
          int[] applied = applyToItems(connection, settlements, now);
          {
            PreparedStatement succeeded =
                Jdbc.reusable(
                    connection,
                    "UPDATE events SET status = '"
                        + EventStatus.SUCCEEDED.dbValue()
                        + "', attempts = ?, flow = ?, updated_at = ? WHERE id = ?"
                        + " AND NOT EXISTS (SELECT 1 FROM work_items w WHERE w.event_id = events.id)");
            // The last live item done while another of the event is dead: the event is dead
            // (final) rather than left at whatever an earlier step said (queued, waiting).
            PreparedStatement deadLeft =
                Jdbc.reusable(
                    connection,
                    "UPDATE events SET status = '"
                        + EventStatus.DEAD.dbValue()
                        + "', attempts = ?, flow = ?, updated_at = ? WHERE id = ?"
                        + " AND EXISTS (SELECT 1 FROM work_items w WHERE w.event_id = events.id"
                        + " AND w.state = "
                        + DEAD
                        + ") AND NOT EXISTS (SELECT 1 FROM work_items w WHERE w.event_id = events.id"
                        + " AND w.state <> "
                        + DEAD
                        + ")");
            PreparedStatement other =
                Jdbc.reusable(
                    connection,
                    "UPDATE events SET status = ?, attempts = ?, flow = ?, updated_at = ? WHERE id = ?");
            PreparedStatement history = Jdbc.reusable(connection, JdbcHistory.INSERT);
            boolean anySucceeded = false;
            boolean anyOther = false;
            for (int i = 0; i < settlements.size(); i++) {
              Settlement s = settlements.get(i);
              WorkItem item = s.item();
              if (applied[i] == 0 || item.eventId() == null) {
                continue;
              }
              EventStatus status = s.eventStatus();
              if (status == EventStatus.SUCCEEDED) {
                Jdbc.bind(succeeded, item.attempt(), item.kind(), now, item.eventId());
                succeeded.addBatch();
                Jdbc.bind(deadLeft, item.attempt(), item.kind(), now, item.eventId());
                deadLeft.addBatch();
                anySucceeded = true;
              } else {
                Jdbc.bind(
                    other, status.dbValue(), item.attempt(), item.kind(), now, item.eventId());
                other.addBatch();
                anyOther = true;
              }
              JdbcHistory.add(
                  history,
                  item.eventId(),
                  now,
                  status,
                  node,
                  item.kind(),
                  item.attempt(),
                  s.detail());
            }
            if (anySucceeded) {
              succeeded.executeBatch();
              deadLeft.executeBatch();
            }
            if (anyOther) {
              other.executeBatch();
            }
            if (anySucceeded || anyOther) {
              history.executeBatch();
            }
          }
          // The transaction that ends a batch's last member completes it (batch.completed).
          JdbcBatches.completeReady(connection, dialect, now);
          return null;
        });
  }

  private static List<Long> eventIds(List<Settlement> settlements) {
    List<Long> ids = new ArrayList<>(settlements.size());
    for (Settlement s : settlements) {
      if (s.item().eventId() != null) {
        ids.add(s.item().eventId());
      }
    }
    return ids;
  }

  /** Applies each settlement to its item if still in that attempt; returns 1 where applied. */
  private static int[] applyToItems(Connection connection, List<Settlement> settlements, long now)
      throws SQLException {
    int[] applied = new int[settlements.size()];
    {
      PreparedStatement delete =
          Jdbc.reusable(
              connection,
              "DELETE FROM work_items WHERE id = ? AND attempts = ? AND state = " + RUNNING);
      PreparedStatement update =
          Jdbc.reusable(
              connection,
              "UPDATE work_items SET state = ?, run_after = ?, wait_for = ?, last_error = ?, error_type = ?,"
                  + " error_causes = ?, lease_owner = NULL, lease_expires = NULL, updated_at = ?,"
                  + " attempts = attempts - ?, retries_without_progress ="
                  + " CASE WHEN ? = 1 THEN 0 ELSE retries_without_progress + ? END"
                  + " WHERE id = ? AND attempts = ? AND state = "
                  + RUNNING);
      List<Integer> deleted = new ArrayList<>();
      List<Integer> updated = new ArrayList<>();
      for (int i = 0; i < settlements.size(); i++) {
        Settlement s = settlements.get(i);
        WorkItem item = s.item();
        if (s instanceof Settlement.Done) {
          // The common case, bound directly (no boxing): most runs end done.
          delete.setLong(1, item.id());
          delete.setInt(2, item.attempt());
          delete.addBatch();
          deleted.add(i);
          continue;
        }
        Row row = Row.of(s, now);
        Jdbc.bind(
            update,
            s.nextState().dbValue(),
            row.runAfter(),
            row.waitFor(),
            s.detail(),
            row.errorType(),
            row.errorCauses(),
            now,
            s.spendsAttempt() ? 0 : 1,
            s instanceof Settlement.Wait ? 1 : 0,
            s instanceof Settlement.Retry ? 1 : 0,
            item.id(),
            item.attempt());
        update.addBatch();
        updated.add(i);
      }
      // One round trip per statement kind; the per-row counts say which settlements still held
      // their item.
      if (!deleted.isEmpty()) {
        int[] counts = delete.executeBatch();
        for (int j = 0; j < counts.length; j++) {
          applied[deleted.get(j)] = counts[j];
        }
      }
      if (!updated.isEmpty()) {
        int[] counts = update.executeBatch();
        for (int j = 0; j < counts.length; j++) {
          applied[updated.get(j)] = counts[j];
        }
      }
    }
    return applied;
  }

  /** The columns a settlement other than done writes besides its state and detail. */
  private record Row(long runAfter, String waitFor, String errorType, String errorCauses) {
    static Row of(Settlement settlement, long now) {
      return switch (settlement) {
        case Settlement.Done done -> throw new IllegalArgumentException("done deletes the item");
        case Settlement.Retry retry -> new Row(retry.runAfter(), null, null, null);
        case Settlement.Failure failure ->
            new Row(failure.runAfter(), null, failure.errorType(), failure.errorCauses());
        case Settlement.Wait wait -> new Row(wait.recheckAt(), wait.dependencyKey(), null, null);
        case Settlement.Dead dead -> new Row(now, null, dead.errorType(), dead.errorCauses());
      };
    }
  }

  @Override
  public int heartbeat(String node, Collection<Long> itemIds, long leaseUntil) {
    if (itemIds.isEmpty()) {
      return 0;
    }
    return jdbc.transaction(
        Jdbc.Durability.RELAXED,
        connection -> {
          int extended = 0;
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE work_items SET lease_expires = ? WHERE id = ? AND lease_owner = ? AND state = "
                      + RUNNING)) {
            for (long id : itemIds) {
              Jdbc.bind(update, leaseUntil, id, node);
              update.addBatch();
            }
            for (int count : update.executeBatch()) {
              extended += Math.max(count, 0);
            }
          }
          return extended;
        });
  }

  @Override
  public int rescueExpired(long expiredBefore, long now) {
    return jdbc.transaction(
        Jdbc.Durability.RELAXED,
        connection -> {
          List<long[]> rescued = new ArrayList<>();
          List<String> details = new ArrayList<>();
          int[] total = {0};
          try (PreparedStatement update =
              connection.prepareStatement(
                  """
          UPDATE work_items
          SET state = CASE WHEN attempts >= max_attempts THEN %1$s ELSE %2$s END,
              last_error = 'lease of node ' || lease_owner || ' expired while running attempt ' || attempts,
              error_type = 'LeaseExpired', lease_owner = NULL, lease_expires = NULL, run_after = ?, updated_at = ?
          WHERE state = %3$s AND lease_expires < ?
          RETURNING id, event_id, state, attempts, last_error"""
                      .formatted(DEAD, READY, RUNNING))) {
            Jdbc.bind(update, now, now, expiredBefore);
            try (ResultSet rs = update.executeQuery()) {
              while (rs.next()) {
                total[0]++;
                long eventId = rs.getLong("event_id");
                if (!rs.wasNull()) {
                  rescued.add(
                      new long[] {
                        eventId,
                        rs.getInt("attempts"),
                        ItemState.fromDb(rs.getString("state")) == ItemState.DEAD ? 1 : 0
                      });
                  details.add(rs.getString("last_error"));
                }
              }
            }
          }
          try (PreparedStatement history = connection.prepareStatement(JdbcHistory.INSERT);
              PreparedStatement event =
                  connection.prepareStatement(
                      "UPDATE events SET status = ?, updated_at = ? WHERE id = ?")) {
            for (int i = 0; i < rescued.size(); i++) {
              long[] r = rescued.get(i);
              EventStatus status = r[2] == 1 ? EventStatus.DEAD : EventStatus.QUEUED;
              JdbcHistory.add(history, r[0], now, status, null, null, (int) r[1], details.get(i));
              Jdbc.bind(event, status.dbValue(), now, r[0]);
              event.addBatch();
            }
            if (!rescued.isEmpty()) {
              history.executeBatch();
              event.executeBatch();
              // A rescue that makes a batch's last member dead completes the batch.
              JdbcBatches.completeReady(connection, dialect, now);
            }
          }
          return total[0];
        });
  }

  @Override
  public int release(String dependencyKey, long now) {
    return wakeWaiting(
        "wait_for = ?", dependencyKey, now, "dependency " + dependencyKey + " satisfied");
  }

  @Override
  public int recheckWaiting(long now) {
    return wakeWaiting(
        "run_after <= ?", now, now, "waited long enough; checking the dependency again");
  }

  /** Puts waiting items matching {@code condition} back to ready and requeues their events. */
  private int wakeWaiting(String condition, Object value, long now, String detail) {
    return jdbc.transaction(
        connection -> {
          List<Long> eventIds = new ArrayList<>();
          int count = 0;
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE work_items SET state = "
                      + READY
                      + ", wait_for = NULL, run_after = ?, updated_at = ? WHERE state = "
                      + WAITING
                      + " AND "
                      + condition
                      + " RETURNING id, event_id")) {
            Jdbc.bind(update, now, now, value);
            try (ResultSet rs = update.executeQuery()) {
              while (rs.next()) {
                count++;
                Long eventId = Jdbc.nullableLong(rs, "event_id");
                if (eventId != null) {
                  eventIds.add(eventId);
                }
              }
            }
          }
          requeueEvents(connection, eventIds, now, detail);
          return count;
        });
  }

  private static void requeueEvents(
      Connection connection, List<Long> eventIds, long now, String detail) throws SQLException {
    if (eventIds.isEmpty()) {
      return;
    }
    try (PreparedStatement event =
            connection.prepareStatement(
                "UPDATE events SET status = '"
                    + EventStatus.QUEUED.dbValue()
                    + "', updated_at = ? WHERE id = ?");
        PreparedStatement history = connection.prepareStatement(JdbcHistory.INSERT)) {
      for (long eventId : eventIds) {
        Jdbc.bind(event, now, eventId);
        event.addBatch();
        JdbcHistory.add(history, eventId, now, EventStatus.QUEUED, null, null, null, detail);
      }
      event.executeBatch();
      history.executeBatch();
    }
  }

  @Override
  public List<DeadItem> dead(String kind, Long beforeId, int limit) {
    return jdbc.read(
        connection -> {
          List<DeadItem> items = new ArrayList<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT id, event_id, kind, item_key, store, attempts, last_error, error_type, error_causes, updated_at"
                      + " FROM work_items WHERE state = "
                      + DEAD
                      + " AND (CAST(? AS TEXT) IS NULL OR kind = ?) AND (CAST(? AS BIGINT) IS NULL OR id < ?)"
                      + " ORDER BY id DESC LIMIT ?")) {
            Jdbc.bind(select, kind, kind, beforeId, beforeId, limit);
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                items.add(
                    new DeadItem(
                        rs.getLong("id"),
                        Jdbc.nullableLong(rs, "event_id"),
                        rs.getString("kind"),
                        rs.getString("item_key"),
                        rs.getString("store"),
                        rs.getInt("attempts"),
                        rs.getString("last_error"),
                        rs.getString("error_type"),
                        rs.getString("error_causes"),
                        rs.getLong("updated_at")));
              }
            }
          }
          return items;
        });
  }

  @Override
  public int redrive(List<Long> itemIds, String kind, String by, long now) {
    return jdbc.transaction(
        connection -> {
          List<NewWork> copies = new ArrayList<>();
          List<Long> ids = new ArrayList<>();
          String sql =
              "SELECT id, event_id, kind, item_key, store, priority, max_attempts, args, exclusive_key"
                  + " FROM work_items"
                  + " WHERE state = "
                  + DEAD
                  + (itemIds.isEmpty()
                      ? " AND (CAST(? AS TEXT) IS NULL OR kind = ?)"
                      : " AND id = ?");
          try (PreparedStatement select = connection.prepareStatement(sql)) {
            List<Object[]> bindings = new ArrayList<>();
            if (itemIds.isEmpty()) {
              bindings.add(new Object[] {kind, kind});
            } else {
              itemIds.forEach(id -> bindings.add(new Object[] {id}));
            }
            for (Object[] binding : bindings) {
              Jdbc.bind(select, binding);
              try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                  ids.add(rs.getLong("id"));
                  copies.add(
                      new NewWork(
                          Jdbc.nullableLong(rs, "event_id"),
                          rs.getString("kind"),
                          rs.getString("item_key"),
                          rs.getString("store"),
                          rs.getInt("priority"),
                          now,
                          rs.getInt("max_attempts"),
                          rs.getString("args"),
                          rs.getString("exclusive_key")));
                }
              }
            }
          }
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM work_items WHERE id = ?")) {
            for (long id : ids) {
              delete.setLong(1, id);
              delete.addBatch();
            }
            delete.executeBatch();
          }
          insertWork(connection, copies, now);
          List<Long> eventIds =
              copies.stream().map(NewWork::eventId).filter(id -> id != null).distinct().toList();
          requeueEvents(connection, eventIds, now, "redriven from the dead letters by " + by);
          return ids.size();
        });
  }

  @Override
  public QueueStats stats() {
    return jdbc.read(
        connection -> {
          java.util.Map<ItemState, Long> counts = new java.util.EnumMap<>(ItemState.class);
          try (PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT state, count(*) FROM work_items GROUP BY state");
              ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              counts.put(ItemState.fromDb(rs.getString(1)), rs.getLong(2));
            }
          }
          return new QueueStats(
              counts.getOrDefault(ItemState.READY, 0L),
              counts.getOrDefault(ItemState.RUNNING, 0L),
              counts.getOrDefault(ItemState.WAITING, 0L),
              counts.getOrDefault(ItemState.DEAD, 0L));
        });
  }
}
