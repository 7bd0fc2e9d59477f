package io.stockbridge.event;

/** One append-only step of an event's path (time in epoch milliseconds). */
public record HistoryEntry(
    long id,
    long eventId,
    long at,
    EventStatus status,
    String node,
    String flow,
    Integer attempt,
    String detail) {}
