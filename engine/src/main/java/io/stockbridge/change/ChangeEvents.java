package io.stockbridge.change;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.stockbridge.observe.TraceIds;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends change events inside the caller's transaction: one {@code events} row (source {@value
 * #SOURCE}, status {@code succeeded}: the engine has nothing left to do with it), its payload, and
 * a {@code change_outbox} row from which fan-out makes the subscribers' deliveries. Call it with
 * the connection of the transaction that makes the change, so both commit or neither does.
 * Stateless and thread-safe.
 */
public final class ChangeEvents {
  /** The source of every change event. */
  public static final String SOURCE = "stockbridge";

  public static final String CONTENT_TYPE = "application/json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ChangeEvents() {}

  private static final String INSERT_EVENT =
      "INSERT INTO events (source, type, event_key, store, received_at, updated_at, status,"
          + " attempts, trace_id) VALUES (?, ?, ?, ?, ?, ?, 'succeeded', 0, ?) RETURNING id";

  private static final String INSERT_PAYLOAD =
      "INSERT INTO event_payloads (event_id, content_type, body, received_at) VALUES (?, ?, ?, ?)";

  private static final String INSERT_OUTBOX = "INSERT INTO change_outbox (event_id) VALUES (?)";

  /**
   * Where {@link #append(Connection, List, long, Preparer)} gets its statements: a cache of the
   * connection's that keeps them (the caller's storage), so a hot path does not compile the events
   * insert, with its indexes and triggers, on every call. Statements from it are not closed.
   */
  @FunctionalInterface
  public interface Preparer {
    PreparedStatement prepare(Connection connection, String sql) throws SQLException;
  }

  /** Appends {@code changes} in order; returns their event ids, in the same order. */
  public static List<Long> append(Connection connection, List<? extends Change> changes, long now)
      throws SQLException {
    List<PreparedStatement> opened = new ArrayList<>();
    try {
      return append(
          connection,
          changes,
          now,
          (c, sql) -> {
            PreparedStatement statement = c.prepareStatement(sql);
            opened.add(statement);
            return statement;
          });
    } finally {
      for (PreparedStatement statement : opened) {
        statement.close();
      }
    }
  }

  /** As {@link #append(Connection, List, long)}, with statements from {@code statements}. */
  public static List<Long> append(
      Connection connection, List<? extends Change> changes, long now, Preparer statements)
      throws SQLException {
    List<Long> ids = new ArrayList<>(changes.size());
    if (changes.isEmpty()) {
      return ids;
    }
    String traceId = currentTraceId();
    PreparedStatement insert = statements.prepare(connection, INSERT_EVENT);
    for (Change change : changes) {
      insert.setString(1, SOURCE);
      insert.setString(2, change.type());
      insert.setString(3, change.key());
      insert.setString(4, change.storeName());
      insert.setLong(5, now);
      insert.setLong(6, now);
      insert.setString(7, traceId);
      try (ResultSet rs = insert.executeQuery()) {
        rs.next();
        ids.add(rs.getLong(1));
      }
    }
    PreparedStatement payload = statements.prepare(connection, INSERT_PAYLOAD);
    PreparedStatement outbox = statements.prepare(connection, INSERT_OUTBOX);
    for (int i = 0; i < changes.size(); i++) {
      payload.setLong(1, ids.get(i));
      payload.setString(2, CONTENT_TYPE);
      payload.setBytes(3, body(changes.get(i)));
      payload.setLong(4, now);
      payload.addBatch();
      outbox.setLong(1, ids.get(i));
      outbox.addBatch();
    }
    payload.executeBatch();
    outbox.executeBatch();
    return ids;
  }

  /**
   * Publishes an event already appended in this transaction through the event log (one that carries
   * work of its own, such as {@code batch.completed}): its {@code change_outbox} row, so fan-out
   * delivers it like any change event.
   */
  public static void publish(Connection connection, long eventId) throws SQLException {
    try (PreparedStatement outbox = connection.prepareStatement(INSERT_OUTBOX)) {
      outbox.setLong(1, eventId);
      outbox.executeUpdate();
    }
  }

  /** The payload as stored: {@code {"version": 1, ...the record's components}}. */
  public static byte[] body(Change change) {
    // The record written as it is, "version" put first: a stock write serializes one per changed
    // level inside its transaction, and going through a tree made this most of that transaction.
    byte[] fields;
    try {
      fields = JSON.writeValueAsBytes(change);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("change event payload cannot be written", e);
    }
    byte[] head = ("{\"version\":" + Change.VERSION).getBytes(StandardCharsets.UTF_8);
    boolean empty = fields.length == 2;
    byte[] body = new byte[head.length + (empty ? 1 : fields.length)];
    System.arraycopy(head, 0, body, 0, head.length);
    if (empty) {
      body[head.length] = '}';
    } else {
      body[head.length] = ',';
      System.arraycopy(fields, 1, body, head.length + 1, fields.length - 1);
    }
    return body;
  }

  private static String currentTraceId() {
    SpanContext context = Span.current().getSpanContext();
    return context.isValid() ? context.getTraceId() : TraceIds.random();
  }
}
