package io.stockbridge.store.jdbc;

import io.stockbridge.event.EventStatus;
import io.stockbridge.event.HistoryEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Appends to and reads the event history table. */
final class JdbcHistory {
  static final String INSERT =
      "INSERT INTO event_history (event_id, at, status, node, flow, attempt, detail) VALUES (?, ?, ?, ?, ?, ?, ?)";

  /**
   * Longest detail kept; error messages beyond it are cut (the full cause chain is on the item).
   */
  static final int MAX_DETAIL = 4000;

  private JdbcHistory() {}

  static void add(
      PreparedStatement insert,
      long eventId,
      long at,
      EventStatus status,
      String node,
      String flow,
      Integer attempt,
      String detail)
      throws SQLException {
    String cut =
        detail != null && detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail;
    Jdbc.bind(insert, eventId, at, status.dbValue(), node, flow, attempt, cut);
    insert.addBatch();
  }

  /** The detail of an event's first step. */
  static String receivedDetail(String source, String type) {
    return "received from " + source + " as " + type;
  }

  /** The detail of an event's {@code queued} step, from the kinds of work it was queued for. */
  static String queuedDetail(String queuedFor) {
    return queuedFor.isEmpty() ? "no flow subscribes" : "queued for " + queuedFor;
  }

  /**
   * The event's steps, oldest first. The first two, {@code received} and {@code queued}, are not
   * rows: they say no more than the event row itself (time, source, type, the work it was queued
   * for), so ingestion does not write them twice; they are read from there, with id 0. An event
   * stored before V27 has no {@code queued_for} and its {@code queued} step as a row.
   */
  static List<HistoryEntry> forEvent(Connection connection, long eventId) throws SQLException {
    List<HistoryEntry> entries = new ArrayList<>();
    try (PreparedStatement event =
        connection.prepareStatement(
            "SELECT received_at, source, type, queued_for FROM events WHERE id = ?")) {
      event.setLong(1, eventId);
      try (ResultSet rs = event.executeQuery()) {
        if (rs.next()) {
          entries.add(
              new HistoryEntry(
                  0,
                  eventId,
                  rs.getLong(1),
                  EventStatus.RECEIVED,
                  null,
                  null,
                  null,
                  receivedDetail(rs.getString(2), rs.getString(3))));
          String queuedFor = rs.getString(4);
          if (queuedFor != null) {
            entries.add(
                new HistoryEntry(
                    0,
                    eventId,
                    rs.getLong(1),
                    EventStatus.QUEUED,
                    null,
                    null,
                    null,
                    queuedDetail(queuedFor)));
          }
        }
      }
    }
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT id, event_id, at, status, node, flow, attempt, detail FROM event_history"
                + " WHERE event_id = ? ORDER BY id")) {
      select.setLong(1, eventId);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          entries.add(
              new HistoryEntry(
                  rs.getLong("id"),
                  rs.getLong("event_id"),
                  rs.getLong("at"),
                  EventStatus.parse(rs.getString("status")),
                  rs.getString("node"),
                  rs.getString("flow"),
                  Jdbc.nullableInt(rs, "attempt"),
                  rs.getString("detail")));
        }
      }
    }
    return entries;
  }
}
