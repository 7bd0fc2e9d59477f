package io.stockbridge.store.jdbc;

import io.stockbridge.change.AlertRaised;
import io.stockbridge.change.ChangeEvents;
import io.stockbridge.fanout.AttemptResult;
import io.stockbridge.fanout.Delivery;
import io.stockbridge.fanout.DeliveryStore;
import io.stockbridge.fanout.DeliveryView;
import io.stockbridge.fanout.ReplayFilter;
import io.stockbridge.fanout.SubscriberFilter;
import io.stockbridge.fanout.SubscriberState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@link DeliveryStore} on JDBC, shared by both engines. Thread-safe. */
final class JdbcDeliveries implements DeliveryStore {
  private static final int CHUNK = 500;
  private static final int DUE_PAGE = 2000;
  private static final int DUE_PAGES = 50;
  private static final String VIEW_COLUMNS =
      "d.id, d.subscriber, d.event_id, e.type, d.order_key, d.state, d.attempts, d.next_at,"
          + " d.created_at, d.delivered_at, d.last_error";

  private final Jdbc jdbc;
  private final Dialect dialect;

  JdbcDeliveries(Jdbc jdbc, Dialect dialect) {
    this.jdbc = jdbc;
    this.dialect = dialect;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Committed relaxed (SQLite: no fsync of the log; PostgreSQL: asynchronous commit), like
   * {@link #settle}: losing the machine (not just this process) may undo the last routings, and
   * then their outbox rows, deleted in the same transaction, are back and are routed again; a
   * delivery already sent from an undone routing goes again (delivery is at least once, with the
   * event id as the message id). The change itself, and its outbox row, were committed durably by
   * their own transaction.
   */
  @Override
  public int route(List<SubscriberFilter> subscribers, int limit, long now) {
    return jdbc.transaction(
        Jdbc.Durability.RELAXED,
        connection -> {
          List<Long> ids = new ArrayList<>();
          try (PreparedStatement take =
              connection.prepareStatement(
                  "DELETE FROM change_outbox WHERE event_id IN (SELECT event_id FROM change_outbox"
                      + " ORDER BY event_id LIMIT ?"
                      + (dialect.supportsSkipLocked() ? " FOR UPDATE SKIP LOCKED" : "")
                      + ") RETURNING event_id")) {
            take.setInt(1, limit);
            try (ResultSet rs = take.executeQuery()) {
              while (rs.next()) {
                ids.add(rs.getLong(1));
              }
            }
          }
          if (ids.isEmpty()) {
            return 0;
          }
          Collections.sort(ids); // RETURNING gives no order; deliveries follow the events' order
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO fanout_deliveries (subscriber, event_id, order_key, state, attempts,"
                      + " next_at, created_at) VALUES (?, ?, ?, 'pending', 0, ?, ?)")) {
            for (List<Long> chunk : chunks(ids)) {
              for (Object[] event : events(connection, chunk)) {
                for (SubscriberFilter filter : subscribers) {
                  String type = (String) event[1];
                  String store = (String) event[2];
                  String key = event[3] == null ? "" : (String) event[3];
                  if (filter.matches(type, store, key)) {
                    Jdbc.bind(insert, filter.subscriber(), event[0], key, now, now);
                    insert.addBatch();
                  }
                }
              }
            }
            insert.executeBatch();
          }
          return ids.size();
        });
  }

  /** Id, type, store, key of each event, in id order. */
  private static List<Object[]> events(Connection connection, List<Long> ids) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT id, type, store, event_key FROM events WHERE id IN ("
                + placeholders(ids.size())
                + ") ORDER BY id")) {
      Jdbc.bind(select, ids.toArray());
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          rows.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)});
        }
      }
    }
    return rows;
  }

  /**
   * Two light queries and one by id: the first pending delivery not yet due of each key (what
   * blocks that key, perKey only); due deliveries' ids and keys in id order, page by page (as many
   * rows a page as asked, 500 to {@value #DUE_PAGE}), skipping those behind a blocked one and those
   * to skip (in flight) until {@code limit} are found (at most {@value #DUE_PAGES} pages); then the
   * chosen ones with their events and payloads. One correlated query did the same in time quadratic
   * in the backlog (SQLite probed every older pending delivery of the subscriber for each
   * candidate, then sorted all of them with their payloads).
   */
  @Override
  public List<Delivery> due(
      String subscriber,
      boolean perKey,
      int limit,
      long now,
      Set<Long> skipIds,
      Set<String> skipKeys) {
    return jdbc.read(
        connection -> {
          Map<String, Long> blocked = new HashMap<>();
          if (perKey) {
            try (PreparedStatement select =
                connection.prepareStatement(
                    "SELECT order_key, MIN(id) FROM fanout_deliveries WHERE subscriber = ?"
                        + " AND state = 'pending' AND next_at > ? GROUP BY order_key")) {
              Jdbc.bind(select, subscriber, now);
              try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                  blocked.put(rs.getString(1), rs.getLong(2));
                }
              }
            }
          }
          List<Long> chosen = new ArrayList<>();
          long after = 0;
          try (PreparedStatement page =
              connection.prepareStatement(
                  "SELECT id, order_key FROM fanout_deliveries WHERE subscriber = ?"
                      + " AND state = 'pending' AND next_at <= ? AND id > ? ORDER BY id LIMIT ?")) {
            int size =
                Math.min(DUE_PAGE, Math.max(limit, 500)); // rows a page, about as many as asked
            for (int pages = 0; pages < DUE_PAGES && chosen.size() < limit; pages++) {
              Jdbc.bind(page, subscriber, now, after, size);
              int rows = 0;
              try (ResultSet rs = page.executeQuery()) {
                while (rs.next()) {
                  rows++;
                  long id = rs.getLong(1);
                  after = id;
                  String key = rs.getString(2);
                  Long block = blocked.get(key);
                  if ((block == null || block > id)
                      && !skipIds.contains(id)
                      && !skipKeys.contains(key)
                      && chosen.size() < limit) {
                    chosen.add(id);
                  }
                }
              }
              if (rows < size) {
                break;
              }
            }
          }
          List<Delivery> due = new ArrayList<>(chosen.size());
          for (List<Long> chunk : chunks(chosen)) {
            try (PreparedStatement select =
                connection.prepareStatement(
                    "SELECT d.id, d.event_id, d.attempts, e.type, e.store, d.order_key,"
                        + " e.received_at, p.body FROM fanout_deliveries d"
                        + " JOIN events e ON e.id = d.event_id"
                        + " LEFT JOIN event_payloads p ON p.event_id = d.event_id"
                        + " WHERE d.id IN ("
                        + placeholders(chunk.size())
                        + ") ORDER BY d.id")) {
              Jdbc.bind(select, chunk.toArray());
              try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                  due.add(
                      new Delivery(
                          rs.getLong(1),
                          subscriber,
                          rs.getLong(2),
                          rs.getString(4),
                          rs.getString(5),
                          rs.getString(6),
                          rs.getLong(7),
                          rs.getInt(3),
                          rs.getBytes(8)));
                }
              }
            }
          }
          return due;
        });
  }

  @Override
  public Long settle(
      String subscriber, List<AttemptResult> results, List<Duration> schedule, long now) {
    return jdbc.transaction(
        Jdbc.Durability.RELAXED,
        connection -> {
          // attempts made so far matter only for failures (which step of the schedule is next)
          Map<Long, Integer> attempts = new HashMap<>();
          List<Long> ids =
              results.stream().filter(r -> !r.success()).map(AttemptResult::deliveryId).toList();
          for (List<Long> chunk : chunks(ids)) {
            try (PreparedStatement select =
                connection.prepareStatement(
                    "SELECT id, attempts FROM fanout_deliveries WHERE id IN ("
                        + placeholders(chunk.size())
                        + ")")) {
              Jdbc.bind(select, chunk.toArray());
              try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                  attempts.put(rs.getLong(1), rs.getInt(2));
                }
              }
            }
          }
          boolean anySuccess = false;
          try (PreparedStatement attempt =
                  connection.prepareStatement(
                      "INSERT INTO fanout_attempts (delivery_id, at, success, status, latency_ms,"
                          + " excerpt) VALUES (?, ?, ?, ?, ?, ?)");
              PreparedStatement delivered =
                  connection.prepareStatement(
                      "UPDATE fanout_deliveries SET state = 'delivered', attempts = attempts + 1,"
                          + " delivered_at = ?, last_error = NULL WHERE id = ?");
              PreparedStatement failed =
                  connection.prepareStatement(
                      "UPDATE fanout_deliveries SET state = ?, attempts = attempts + 1,"
                          + " next_at = ?, last_error = ? WHERE id = ?")) {
            for (AttemptResult result : results) {
              Jdbc.bind(
                  attempt,
                  result.deliveryId(),
                  now,
                  result.success() ? 1 : 0,
                  result.status(),
                  result.latencyMillis(),
                  result.excerpt());
              attempt.addBatch();
              if (result.success()) {
                anySuccess = true;
                Jdbc.bind(delivered, now, result.deliveryId());
                delivered.addBatch();
              } else {
                int made = attempts.getOrDefault(result.deliveryId(), 0) + 1;
                boolean dead = made >= schedule.size();
                long next = dead ? now : now + schedule.get(made).toMillis();
                Jdbc.bind(
                    failed, dead ? "dead" : "pending", next, result.excerpt(), result.deliveryId());
                failed.addBatch();
              }
            }
            attempt.executeBatch();
            delivered.executeBatch();
            failed.executeBatch();
          }
          if (anySuccess) {
            Jdbc.update(
                connection,
                "UPDATE fanout_subscribers SET failing_since = NULL, updated_at = ?"
                    + " WHERE name = ? AND failing_since IS NOT NULL",
                now,
                subscriber);
          } else if (!results.isEmpty()) {
            Jdbc.update(
                connection,
                "UPDATE fanout_subscribers SET failing_since = ?, updated_at = ?"
                    + " WHERE name = ? AND failing_since IS NULL",
                now,
                now,
                subscriber);
          }
          if (anySuccess) {
            return null; // failing-since was just cleared
          }
          return flags(connection, subscriber).map(SubscriberState::failingSince).orElse(null);
        });
  }

  @Override
  public void ensure(String subscriber, long now) {
    jdbc.transaction(
        connection ->
            Jdbc.update(
                connection,
                "INSERT INTO fanout_subscribers (name, paused, updated_at) VALUES (?, 0, ?)"
                    + " ON CONFLICT (name) DO NOTHING",
                subscriber,
                now));
  }

  @Override
  public Optional<SubscriberState> flags(String subscriber) {
    return jdbc.read(connection -> flags(connection, subscriber));
  }

  private static Optional<SubscriberState> flags(Connection connection, String subscriber)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT paused, failing_since, disabled_at, disabled_reason FROM fanout_subscribers"
                + " WHERE name = ?")) {
      select.setString(1, subscriber);
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new SubscriberState(
                subscriber,
                rs.getInt(1) != 0,
                Jdbc.nullableLong(rs, "failing_since"),
                Jdbc.nullableLong(rs, "disabled_at"),
                rs.getString(4),
                0,
                0,
                0,
                null));
      }
    }
  }

  @Override
  public Optional<SubscriberState> state(String subscriber) {
    return jdbc.read(
        connection -> {
          Optional<SubscriberState> flags = flags(connection, subscriber);
          if (flags.isEmpty()) {
            return flags;
          }
          long pending = 0;
          long dead = 0;
          long delivered = 0;
          Long oldest = null;
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT state, COUNT(*), MIN(created_at) FROM fanout_deliveries"
                      + " WHERE subscriber = ? GROUP BY state")) {
            select.setString(1, subscriber);
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                switch (rs.getString(1)) {
                  case "pending" -> {
                    pending = rs.getLong(2);
                    oldest = rs.getLong(3);
                  }
                  case "dead" -> dead = rs.getLong(2);
                  default -> delivered = rs.getLong(2);
                }
              }
            }
          }
          SubscriberState f = flags.get();
          return Optional.of(
              new SubscriberState(
                  subscriber,
                  f.paused(),
                  f.failingSince(),
                  f.disabledAt(),
                  f.disabledReason(),
                  pending,
                  dead,
                  delivered,
                  oldest));
        });
  }

  @Override
  public boolean setPaused(String subscriber, boolean paused, long now) {
    return jdbc.transaction(
        connection ->
            Jdbc.update(
                    connection,
                    "UPDATE fanout_subscribers SET paused = ?, updated_at = ? WHERE name = ?",
                    paused ? 1 : 0,
                    now,
                    subscriber)
                > 0);
  }

  @Override
  public boolean disable(String subscriber, String reason, long now) {
    return jdbc.transaction(
        connection -> {
          int changed =
              Jdbc.update(
                  connection,
                  "UPDATE fanout_subscribers SET disabled_at = ?, disabled_reason = ?,"
                      + " updated_at = ? WHERE name = ? AND disabled_at IS NULL",
                  now,
                  reason,
                  now,
                  subscriber);
          if (changed > 0) {
            ChangeEvents.append(
                connection,
                List.of(
                    new AlertRaised(
                        "subscriber.disabled",
                        "subscriber " + subscriber + " disabled: " + reason,
                        null,
                        null)),
                now);
          }
          return changed > 0;
        });
  }

  @Override
  public boolean enable(String subscriber, long now) {
    return jdbc.transaction(
        connection ->
            Jdbc.update(
                    connection,
                    "UPDATE fanout_subscribers SET disabled_at = NULL, disabled_reason = NULL,"
                        + " failing_since = NULL, updated_at = ?"
                        + " WHERE name = ? AND disabled_at IS NOT NULL",
                    now,
                    subscriber)
                > 0);
  }

  @Override
  public List<DeliveryView> deliveries(String subscriber, String state, Long beforeId, int limit) {
    return jdbc.read(
        connection -> {
          List<DeliveryView> views = new ArrayList<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT "
                      + VIEW_COLUMNS
                      + " FROM fanout_deliveries d JOIN events e ON e.id = d.event_id"
                      + " WHERE d.subscriber = ? AND (CAST(? AS TEXT) IS NULL OR d.state = ?)"
                      + " AND d.id < ? ORDER BY d.id DESC LIMIT ?")) {
            Jdbc.bind(
                select,
                subscriber,
                state,
                state,
                beforeId == null ? Long.MAX_VALUE : beforeId,
                limit);
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                views.add(view(rs, List.of()));
              }
            }
          }
          return views;
        });
  }

  @Override
  public Optional<DeliveryView> delivery(long id) {
    return jdbc.read(
        connection -> {
          List<DeliveryView.Attempt> attempts = new ArrayList<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT at, success, status, latency_ms, excerpt FROM fanout_attempts"
                      + " WHERE delivery_id = ? ORDER BY id")) {
            select.setLong(1, id);
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                attempts.add(
                    new DeliveryView.Attempt(
                        rs.getLong(1),
                        rs.getInt(2) != 0,
                        Jdbc.nullableInt(rs, "status"),
                        rs.getLong(4),
                        rs.getString(5)));
              }
            }
          }
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT "
                      + VIEW_COLUMNS
                      + " FROM fanout_deliveries d JOIN events e ON e.id = d.event_id"
                      + " WHERE d.id = ?")) {
            select.setLong(1, id);
            try (ResultSet rs = select.executeQuery()) {
              return rs.next() ? Optional.of(view(rs, attempts)) : Optional.<DeliveryView>empty();
            }
          }
        });
  }

  private static DeliveryView view(ResultSet rs, List<DeliveryView.Attempt> attempts)
      throws SQLException {
    return new DeliveryView(
        rs.getLong(1),
        rs.getString(2),
        rs.getLong(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getInt(7),
        rs.getLong(8),
        rs.getLong(9),
        Jdbc.nullableLong(rs, "delivered_at"),
        rs.getString(11),
        attempts);
  }

  @Override
  public boolean replay(long deliveryId, long now) {
    return jdbc.transaction(connection -> resend(connection, List.of(deliveryId), now) > 0);
  }

  @Override
  public int replay(String subscriber, ReplayFilter filter, boolean dryRun, long now) {
    List<Long> ids =
        jdbc.read(
            connection -> {
              List<Long> found = new ArrayList<>();
              try (PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT d.id, d.order_key FROM fanout_deliveries d"
                          + " JOIN events e ON e.id = d.event_id WHERE d.subscriber = ?"
                          + " AND (CAST(? AS TEXT) IS NULL AND d.state IN ('delivered', 'dead')"
                          + " OR d.state = ?)"
                          + " AND (CAST(? AS TEXT) IS NULL OR e.type = ?)"
                          + " AND (CAST(? AS TEXT) IS NULL OR e.store = ?)"
                          + " AND d.created_at >= ? AND d.created_at < ? ORDER BY d.id")) {
                Jdbc.bind(
                    select,
                    subscriber,
                    filter.state(),
                    filter.state(),
                    filter.type(),
                    filter.type(),
                    filter.store(),
                    filter.store(),
                    filter.since() == null ? Long.MIN_VALUE : filter.since(),
                    filter.until() == null ? Long.MAX_VALUE : filter.until());
                try (ResultSet rs = select.executeQuery()) {
                  while (rs.next()) {
                    String key = rs.getString(2);
                    if (filter.keyPattern().isEmpty()
                        || filter.keyPattern().get().matcher(key).matches()) {
                      found.add(rs.getLong(1));
                    }
                  }
                }
              }
              return found;
            });
    if (dryRun || ids.isEmpty()) {
      return ids.size();
    }
    return jdbc.transaction(connection -> resend(connection, ids, now));
  }

  private static int resend(Connection connection, List<Long> ids, long now) throws SQLException {
    int changed = 0;
    for (List<Long> chunk : chunks(ids)) {
      List<Object> values = new ArrayList<>();
      values.add(now);
      values.addAll(chunk);
      changed +=
          Jdbc.update(
              connection,
              "UPDATE fanout_deliveries SET state = 'pending', attempts = 0, next_at = ?,"
                  + " delivered_at = NULL WHERE id IN ("
                  + placeholders(chunk.size())
                  + ")",
              values.toArray());
    }
    return changed;
  }

  private static List<List<Long>> chunks(List<Long> ids) {
    List<List<Long>> chunks = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += CHUNK) {
      chunks.add(ids.subList(i, Math.min(ids.size(), i + CHUNK)));
    }
    return chunks;
  }

  private static String placeholders(int count) {
    return String.join(", ", Collections.nCopies(count, "?"));
  }
}
